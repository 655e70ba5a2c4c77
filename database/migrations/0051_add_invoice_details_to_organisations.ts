import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What a company invoice must carry (DOMAIN.md "Who is invoiced", mervärdesskattelagen):
 * the buyer's organisation number, postal address and invoice e-mail, and the issuer's VAT
 * registration number. All optional in the register (administrations need none of it);
 * a company without them is a warning on the allocation (docs/adr/0016).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE organisations
        ADD COLUMN org_number varchar(11) CHECK (org_number ~ '^[0-9]{6}-[0-9]{4}$'),
        ADD COLUMN postal_street varchar(200),
        ADD COLUMN postal_code varchar(6) CHECK (postal_code ~ '^[0-9]{3} [0-9]{2}$'),
        ADD COLUMN postal_town varchar(100),
        ADD COLUMN invoice_email varchar(254)`)
    this.defer(async (db) => {
      await db.table('settings').multiInsert([
        {
          key: 'issuer_vat_number',
          value: 'SE212000014201',
          description: 'Avsändarens momsregistreringsnummer (på bolagens fakturor)',
        },
      ])
    })
  }

  async down() {
    this.schema.raw(`
      ALTER TABLE organisations
        DROP COLUMN org_number, DROP COLUMN postal_street, DROP COLUMN postal_code,
        DROP COLUMN postal_town, DROP COLUMN invoice_email`)
    this.schema.raw(`DELETE FROM settings WHERE key = 'issuer_vat_number'`)
  }
}
