import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The parties an issued invoice or credit note printed (issuer, recipient, payment text),
 * stored with it in the issuing transaction, so its e-invoice and its delivery name them
 * whatever the register and settings say later (issue 16, ADR 0025).
 *
 * Invoices issued before this migration get the register and settings as they are now,
 * marked `"backfilled": true`: the closest record there is of what their PDFs printed, and
 * frozen from here on.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE invoices ADD COLUMN parties jsonb`)
    this.schema.raw(`
      WITH s AS (SELECT jsonb_object_agg(key, value) AS v FROM settings)
      UPDATE invoices i SET parties = jsonb_build_object(
          'issuer', jsonb_build_object(
            'name', coalesce(s.v->>'issuer_name', ''),
            'address', coalesce(s.v->>'issuer_address', ''),
            'orgNumber', coalesce(s.v->>'issuer_org_number', ''),
            'vatNumber', s.v->>'issuer_vat_number'),
          'recipient', jsonb_build_object(
            'name', o.name, 'code', o.code, 'costCentre', i.cost_centre,
            'reference', i.reference, 'kind', o.kind, 'orgNumber', o.org_number,
            'postalStreet', o.postal_street, 'postalCode', o.postal_code,
            'postalTown', o.postal_town, 'invoiceEmail', o.invoice_email),
          'paymentText', coalesce(CASE WHEN o.kind = 'bolag' THEN s.v->>'company_payment_text'
                                       ELSE s.v->>'settlement_text' END, ''),
          'backfilled', true)
        FROM organisations o, s
       WHERE o.id = i.organisation_id AND i.parties IS NULL`)
  }

  async down() {
    this.schema.raw(`ALTER TABLE invoices DROP COLUMN parties`)
  }
}
