import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per imported file, whatever the outcome: who, when, file, checksum, counts,
 * warnings and errors. The idempotency check looks up (type, idempotency_key).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('imports', (table) => {
      table.bigIncrements('id')
      table.string('type', 40).notNullable()
      table.string('file_name', 255).notNullable()
      table.string('checksum', 64).notNullable()
      table.string('idempotency_key', 200).notNullable()
      table.string('status', 20).notNullable()
      table.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('encoding', 20).nullable()
      table.jsonb('options').notNullable().defaultTo('{}')
      table.integer('read_count').notNullable().defaultTo(0)
      table.integer('stored_count').notNullable().defaultTo(0)
      table.integer('duplicate_count').notNullable().defaultTo(0)
      table.integer('rejected_count').notNullable().defaultTo(0)
      table.jsonb('warnings').notNullable().defaultTo('[]')
      table.jsonb('errors').notNullable().defaultTo('[]')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('finished_at', { useTz: true }).nullable()
    })
    this.schema.raw(`
      ALTER TABLE imports ADD CONSTRAINT imports_status_check
        CHECK (status IN ('running', 'imported', 'partial', 'unchanged', 'rejected', 'failed'))
    `)
    this.schema.raw('CREATE INDEX imports_idempotency_index ON imports (type, idempotency_key)')
    this.schema.raw('CREATE INDEX imports_created_at_index ON imports (created_at DESC)')
  }

  async down() {
    this.schema.dropTable('imports')
  }
}
