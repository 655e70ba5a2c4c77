import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * When a session began, so that it ends 12 hours later whatever the activity (the absolute
 * lifetime beside the 8-hour idle timeout, app/services/session_store.ts). Existing sessions
 * count from now.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('sessions', (table) => {
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
  }

  async down() {
    this.schema.alterTable('sessions', (table) => {
      table.dropColumn('created_at')
    })
  }
}
