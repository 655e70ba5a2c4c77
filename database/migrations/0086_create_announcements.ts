import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Driftmeddelanden (issue 16, point 8): the coordinator's notices of planned closures and
 * disruptions, shown on every contact's start page while valid and e-mailed at once.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('announcements', (table) => {
      table.increments('id')
      table.string('kind', 20).notNullable()
      table.string('title', 200).notNullable()
      table.text('body').notNullable()
      table.date('valid_from').notNullable()
      table.date('valid_to').notNullable()
      table.integer('created_by').references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('withdrawn_at', { useTz: true })
      table.integer('withdrawn_by').references('id').inTable('users').onDelete('SET NULL')
      table.check("kind IN ('closure', 'disruption', 'information')")
      table.check('valid_to >= valid_from')
      table.check("title <> '' AND body <> ''")
      table.check('char_length(body) <= 5000')
      table.index(['valid_to'])
    })
  }

  async down() {
    this.schema.dropTable('announcements')
  }
}
