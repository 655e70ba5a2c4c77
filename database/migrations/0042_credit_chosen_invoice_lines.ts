import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Credit notes for chosen lines of an invoice (issue 13 point 3, docs/adr/0015): a credit
 * note line names the invoice line it credits, and each line is credited at most once
 * (instead of one credit note per invoice). Existing credit notes credited every line of
 * their invoice; their lines are linked by position.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('DROP INDEX IF EXISTS invoices_one_credit_index')
    this.schema.raw(
      'CREATE INDEX invoices_credits_invoice_index ON invoices (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL'
    )
    this.schema.raw(
      'ALTER TABLE invoice_lines ADD COLUMN credits_line_id bigint REFERENCES invoice_lines (id)'
    )
    this.schema.raw(
      'CREATE UNIQUE INDEX invoice_lines_one_credit_index ON invoice_lines (credits_line_id) WHERE credits_line_id IS NOT NULL'
    )
    // issued lines are immutable; the link is added once, here, for the credit notes of old
    this.schema.raw('ALTER TABLE invoice_lines DISABLE TRIGGER invoice_lines_immutable')
    this.schema.raw(`
      UPDATE invoice_lines cl SET credits_line_id = ol.id
        FROM invoices c JOIN invoice_lines ol ON ol.invoice_id = c.credits_invoice_id
       WHERE cl.invoice_id = c.id AND c.kind = 'credit' AND ol.position = cl.position`)
    this.schema.raw('ALTER TABLE invoice_lines ENABLE TRIGGER invoice_lines_immutable')
  }

  async down() {
    this.schema.raw('DROP INDEX invoice_lines_one_credit_index')
    this.schema.raw('ALTER TABLE invoice_lines DROP COLUMN credits_line_id')
    this.schema.raw('DROP INDEX invoices_credits_invoice_index')
    this.schema.raw(
      'CREATE UNIQUE INDEX invoices_one_credit_index ON invoices (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL'
    )
  }
}
