import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Extension orders (issue 16, point 3; docs/adr/0026): a telephony contact orders a new
 * extension, a move to another organisation, a change of name/type or a removal for their
 * own organisation; the coordinator approves or rejects, sends the approved ones to the
 * supplier and marks them done on the day performed, which changes the register from that
 * day. `extensions.order_id` names the order an entry came from (as `import_id` names the
 * snapshot). Two settings: the supplier's order address and the months without a
 * transferred call after which an extension counts as unused (point 4).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('extension_orders', (table) => {
      table.increments('id')
      table
        .integer('organisation_id')
        .notNullable()
        .references('id')
        .inTable('organisations')
        .onDelete('RESTRICT')
      table.string('kind', 10).notNullable()
      table.string('number', 20).notNullable()
      table.string('name', 200).nullable()
      table.string('type', 50).nullable()
      table
        .integer('target_organisation_id')
        .nullable()
        .references('id')
        .inTable('organisations')
        .onDelete('RESTRICT')
      table.date('wished_date').notNullable()
      table.string('note', 500).notNullable().defaultTo('')
      table.string('source', 10).notNullable().defaultTo('form')
      table.string('status', 12).notNullable().defaultTo('ny')
      table.string('decision_comment', 1000).notNullable().defaultTo('')
      table.integer('ordered_by').references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.integer('decided_by').references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('decided_at', { useTz: true })
      table.integer('sent_by').references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('sent_at', { useTz: true })
      table.date('performed_on')
      table.integer('done_by').references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('done_at', { useTz: true })
      table.integer('cancelled_by').references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('cancelled_at', { useTz: true })
      table.check("kind IN ('new', 'move', 'change', 'remove')")
      table.check("status IN ('ny', 'godkand', 'avslagen', 'skickad', 'utford', 'makulerad')")
      table.check("source IN ('form', 'csv', 'unused')")
      table.check("number ~ '^[0-9]{1,20}$'")
      table.check("kind <> 'move' OR target_organisation_id IS NOT NULL")
      table.check("kind <> 'new' OR (name IS NOT NULL AND name <> '')")
      table.check("(status = 'utford') = (performed_on IS NOT NULL)")
      table.index(['organisation_id', 'created_at'])
      table.index(['status'])
    })
    this.schema.raw(
      'ALTER TABLE extensions ADD COLUMN order_id integer REFERENCES extension_orders (id) ON DELETE SET NULL'
    )
    this.defer(async (db) => {
      await db.table('settings').multiInsert([
        {
          key: 'supplier_order_email',
          value: 'bestallning@leverantor.example',
          description:
            'Leverantörens adress för beställningar av anknytningar (flytt, tillägg, ändring, borttag)',
        },
        {
          key: 'unused_extension_months',
          value: '3',
          description:
            'Antal månader utan kopplat samtal innan en anknytning visas som oanvänd (1–24)',
        },
      ])
    })
  }

  async down() {
    this.schema.raw('ALTER TABLE extensions DROP COLUMN order_id')
    this.schema.dropTable('extension_orders')
    this.defer(async (db) => {
      await db
        .from('settings')
        .whereIn('key', ['supplier_order_email', 'unused_extension_months'])
        .delete()
    })
  }
}
