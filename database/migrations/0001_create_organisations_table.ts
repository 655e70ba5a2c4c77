import { BaseSchema } from '@adonisjs/lucid/schema'

/** Organisations (förvaltningar and bolag) that are charged for the shared switchboard. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('organisations', (table) => {
      table.increments('id')
      table.string('code', 16).notNullable().unique()
      table.string('name', 200).notNullable()
      table.string('kind', 16).notNullable()
      table.string('cost_centre', 50).notNullable().defaultTo('')
      table.string('invoice_reference', 200).notNullable().defaultTo('')
      table.date('active_from').notNullable()
      table.date('active_to').nullable()
      table.date('connected_from').nullable()
      table.date('connected_to').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      ALTER TABLE organisations
        ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('forvaltning', 'bolag')),
        ADD CONSTRAINT organisations_code_check CHECK (code ~ '^[^[:space:]]{1,16}$'),
        ADD CONSTRAINT organisations_active_range_check CHECK (active_to IS NULL OR active_to >= active_from),
        ADD CONSTRAINT organisations_connected_range_check
          CHECK (connected_to IS NULL OR connected_from IS NULL OR connected_to >= connected_from)
    `)
  }

  async down() {
    this.schema.dropTable('organisations')
  }
}
