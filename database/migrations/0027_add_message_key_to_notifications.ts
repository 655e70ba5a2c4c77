import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A notification names its text by key and values, so the list and the e-mail are in the
 * reader's language; `title` keeps the Swedish text (older rows have only that).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `ALTER TABLE notifications ADD COLUMN message_key varchar(60), ADD COLUMN params jsonb NOT NULL DEFAULT '{}'`
    )
  }

  async down() {
    this.schema.raw('ALTER TABLE notifications DROP COLUMN message_key, DROP COLUMN params')
  }
}
