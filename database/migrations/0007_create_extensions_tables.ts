import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The extensions register (anknytningar), effective-dated: an entry is valid from
 * `valid_from` to `valid_to` inclusive (open when null). The same number can never be
 * valid twice on one day (exclusion constraint). Every imported snapshot is recorded, so
 * an older snapshot than the latest for its scope can be refused.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS btree_gist')
    this.schema.createTable('extensions', (table) => {
      table.bigIncrements('id')
      table.string('number', 20).notNullable()
      table
        .integer('organisation_id')
        .notNullable()
        .references('id')
        .inTable('organisations')
        .onDelete('RESTRICT')
      table.string('name', 200).notNullable().defaultTo('')
      table.string('type', 50).notNullable().defaultTo('')
      table.date('valid_from').notNullable()
      table.date('valid_to').nullable()
      table
        .bigInteger('import_id')
        .nullable()
        .references('id')
        .inTable('imports')
        .onDelete('SET NULL')
    })
    this.schema.raw(`
      ALTER TABLE extensions
        ADD CONSTRAINT extensions_number_check CHECK (number ~ '^[0-9]{1,20}$'),
        ADD CONSTRAINT extensions_range_check CHECK (valid_to IS NULL OR valid_to >= valid_from),
        ADD CONSTRAINT extensions_no_overlap
          EXCLUDE USING gist (number WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
    `)
    this.schema.raw(
      'CREATE INDEX extensions_organisation_index ON extensions (organisation_id, valid_from)'
    )
    this.schema.raw('CREATE INDEX extensions_number_index ON extensions (number, valid_from)')

    this.schema.createTable('extension_snapshots', (table) => {
      table.bigIncrements('id')
      table.integer('organisation_id').nullable().references('id').inTable('organisations')
      table.date('as_of').notNullable()
      table.bigInteger('import_id').notNullable().references('id').inTable('imports')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(
      'CREATE INDEX extension_snapshots_scope_index ON extension_snapshots (organisation_id, as_of)'
    )
  }

  async down() {
    this.schema.dropTable('extension_snapshots')
    this.schema.dropTable('extensions')
  }
}
