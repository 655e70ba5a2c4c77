import { BaseSchema } from '@adonisjs/lucid/schema'

/** The coordinator may edit someone else's post; the note saying why is shown with it. */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'ALTER TABLE forum_posts ADD COLUMN edit_note text, ADD COLUMN edited_by integer REFERENCES users (id)'
    )
  }

  async down() {
    this.schema.raw('ALTER TABLE forum_posts DROP COLUMN edit_note, DROP COLUMN edited_by')
  }
}
