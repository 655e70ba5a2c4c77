import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A one-time password expires 7 days after it was set (docs/adr/0012-accounts.md). Users
 * who still have one when this runs get 7 days from now.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE users ADD COLUMN one_time_password_expires_at timestamptz')
    this.schema.raw(
      `UPDATE users SET one_time_password_expires_at = now() + interval '7 days' WHERE must_change_password`
    )
  }

  async down() {
    this.schema.raw('ALTER TABLE users DROP COLUMN one_time_password_expires_at')
  }
}
