import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 16 (acceptance review): an approved extension order reaches the supplier by e-mail
 * (`send_extension_orders`) or, on an installation without a mail server or without the
 * supplier's address, by hand — the coordinator downloads the same CSV, sends it their own
 * way and marks the orders sent. `sent_via` records which (`email` | `hand`), beside who
 * (`sent_by`) and when (`sent_at`). Orders sent before this column came went by e-mail.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE extension_orders
        ADD COLUMN sent_via varchar(5) CHECK (sent_via IN ('email', 'hand'))`)
    this.schema.raw(`UPDATE extension_orders SET sent_via = 'email' WHERE sent_at IS NOT NULL`)
    this.schema.raw(`
      ALTER TABLE extension_orders
        ADD CONSTRAINT extension_orders_sent_via_with_sent_at
          CHECK ((sent_via IS NULL) = (sent_at IS NULL))`)
  }

  async down() {
    this.schema.raw(
      'ALTER TABLE extension_orders DROP CONSTRAINT extension_orders_sent_via_with_sent_at, DROP COLUMN sent_via'
    )
  }
}
