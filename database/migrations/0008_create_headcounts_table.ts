import { BaseSchema } from '@adonisjs/lucid/schema'

/** Employees per organisation and month (the ETJANST allocation key). */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('headcounts', (table) => {
      table.bigIncrements('id')
      table
        .integer('organisation_id')
        .notNullable()
        .references('id')
        .inTable('organisations')
        .onDelete('RESTRICT')
      table.string('month', 7).notNullable()
      table.integer('employees').notNullable()
      table
        .bigInteger('import_id')
        .nullable()
        .references('id')
        .inTable('imports')
        .onDelete('SET NULL')
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['organisation_id', 'month'])
    })
    this.schema.raw(`
      ALTER TABLE headcounts
        ADD CONSTRAINT headcounts_month_check CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        ADD CONSTRAINT headcounts_employees_check CHECK (employees >= 0)
    `)
  }

  async down() {
    this.schema.dropTable('headcounts')
  }
}
