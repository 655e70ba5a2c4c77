import { BaseSchema } from '@adonisjs/lucid/schema'

/** Who changed what and when — registers, users and settings. Append-only. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('audit_log', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('action', 40).notNullable()
      table.string('entity_type', 40).notNullable()
      table.string('entity_id', 64).nullable()
      table.text('summary').notNullable()
      table.jsonb('changes').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(
      'CREATE INDEX audit_log_entity_index ON audit_log (entity_type, entity_id, created_at DESC)'
    )
    this.schema.raw('CREATE INDEX audit_log_created_at_index ON audit_log (created_at DESC)')
  }

  async down() {
    this.schema.dropTable('audit_log')
  }
}
