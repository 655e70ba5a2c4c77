import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Facts about the installation itself, not reference settings a person edits: for now only
 * that the demo finished loading (`demo_complete`), so that a first start killed half-way
 * through the demo is completed on the next start instead of being taken for a loaded demo.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('app_state', (table) => {
      table.string('key', 60).primary()
      table.text('value').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    // An installation that already has users was set up before the marker existed: as before,
    // `demo:load --if-empty` leaves it alone.
    this.defer(async (db) => {
      await db.rawQuery(
        `INSERT INTO app_state (key, value)
         SELECT 'demo_complete', 'before-migration-0085' WHERE EXISTS (SELECT 1 FROM users)`
      )
    })
  }

  async down() {
    this.schema.dropTable('app_state')
  }
}
