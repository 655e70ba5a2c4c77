import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The supplier's monthly invoice specification (feeds the TELEFONIST pool) and cost
 * entries for pools fed by entries (e.g. ETJANST). Money in öre; per-unit prices and
 * quantities exactly as invoiced (numeric, 4 decimals).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('supplier_invoices', (table) => {
      table.bigIncrements('id')
      table.string('invoice_number', 50).notNullable().unique()
      table.date('invoice_date').notNullable()
      table.string('period', 7).notNullable()
      table.bigInteger('net_ore').notNullable()
      table.string('content_hash', 64).notNullable()
      table
        .bigInteger('import_id')
        .nullable()
        .references('id')
        .inTable('imports')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw('CREATE INDEX supplier_invoices_period_index ON supplier_invoices (period)')
    this.schema.createTable('supplier_invoice_lines', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('supplier_invoice_id')
        .notNullable()
        .references('id')
        .inTable('supplier_invoices')
        .onDelete('CASCADE')
      table.integer('line_number').notNullable()
      table.string('article', 50).notNullable()
      table.string('description', 200).notNullable().defaultTo('')
      table.decimal('quantity', 16, 4).notNullable()
      table.string('unit', 20).notNullable().defaultTo('')
      table.decimal('price', 16, 4).notNullable()
      table.bigInteger('amount_ore').notNullable()
    })
    this.schema.raw(
      'CREATE INDEX supplier_invoice_lines_invoice_index ON supplier_invoice_lines (supplier_invoice_id)'
    )

    this.schema.createTable('cost_entries', (table) => {
      table.bigIncrements('id')
      table.string('period', 7).notNullable()
      table.integer('cost_pool_id').notNullable().references('id').inTable('cost_pools')
      table.bigInteger('amount_ore').notNullable()
      table.string('text', 300).notNullable().defaultTo('')
      table.integer('line_number').notNullable()
      table
        .bigInteger('import_id')
        .nullable()
        .references('id')
        .inTable('imports')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw('CREATE INDEX cost_entries_period_index ON cost_entries (period, cost_pool_id)')
    for (const name of ['supplier_invoices', 'cost_entries']) {
      this.schema.raw(
        `ALTER TABLE ${name} ADD CONSTRAINT ${name}_period_check CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')`
      )
    }
  }

  async down() {
    this.schema.dropTable('cost_entries')
    this.schema.dropTable('supplier_invoice_lines')
    this.schema.dropTable('supplier_invoices')
  }
}
