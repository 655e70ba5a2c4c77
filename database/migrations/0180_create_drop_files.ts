import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Supplier files that arrive by themselves (issue 16, point 9; docs/adr/0028 §2): every
 * file the worker took from the drop folder, where it went (behandlade/ or avvisade/) and
 * its report; the reminders sent when last month's call records or supplier invoice had
 * not arrived (once per period and kind); the day of the month the reminder is due.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('drop_files', (table) => {
      table.bigIncrements('id')
      table.string('file_name', 255).notNullable()
      table.string('kind', 30).nullable()
      table.string('outcome', 20).notNullable()
      table.bigInteger('size_bytes').notNullable()
      table
        .bigInteger('import_id')
        .nullable()
        .references('id')
        .inTable('imports')
        .onDelete('SET NULL')
      table.string('moved_to', 600).notNullable()
      table.text('report').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.check("outcome IN ('processed', 'rejected')")
      table.index(['created_at'])
    })
    this.schema.createTable('import_reminders', (table) => {
      table.string('period', 7).notNullable()
      table.string('kind', 30).notNullable()
      table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['period', 'kind'])
    })
    this.defer(async (db) => {
      await db.table('settings').insert({
        key: 'import_reminder_day',
        value: '5',
        description:
          'Dag i månaden då samordnaren påminns om förra månadens samtalsposter eller leverantörsfaktura inte har kommit (1–28)',
      })
    })
  }

  async down() {
    this.schema.dropTable('import_reminders')
    this.schema.dropTable('drop_files')
    this.defer(async (db) => {
      await db.from('settings').where('key', 'import_reminder_day').delete()
    })
  }
}
