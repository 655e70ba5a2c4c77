import { BaseSchema } from '@adonisjs/lucid/schema'

/** A corrected invoice names the credited invoice it replaces. */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'ALTER TABLE invoices ADD COLUMN corrects_invoice_id bigint REFERENCES invoices (id)'
    )
    this.schema.raw(
      'CREATE UNIQUE INDEX invoices_one_correction_index ON invoices (corrects_invoice_id) WHERE corrects_invoice_id IS NOT NULL'
    )
    this.schema.raw(
      'CREATE UNIQUE INDEX invoices_one_credit_index ON invoices (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL'
    )
  }

  async down() {
    // the correction index goes with its column; the credit index is on a column that stays
    this.schema.raw('DROP INDEX IF EXISTS invoices_one_credit_index')
    this.schema.raw('ALTER TABLE invoices DROP COLUMN corrects_invoice_id')
  }
}
