import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Cost pools (kostnadsposter) with the defaults of DOMAIN.md. Reference data: a database
 * that has only been migrated already holds them (FORMATS.md, command-line contract).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('cost_pools', (table) => {
      table.increments('id')
      table.string('code', 20).notNullable().unique()
      table.string('name', 200).notNullable()
      table.string('basis', 20).notNullable()
      table.specificType('participant_kinds', 'varchar(16)[]').notNullable()
      table.string('amount_source', 30).notNullable()
      table.bigInteger('fixed_monthly_ore').nullable()
      table.boolean('switchboard').notNullable().defaultTo(false)
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`
      ALTER TABLE cost_pools
        ADD CONSTRAINT cost_pools_basis_check CHECK (basis IN ('extensions', 'headcount')),
        ADD CONSTRAINT cost_pools_source_check
          CHECK (amount_source IN ('supplier_invoices', 'cost_entries', 'fixed')),
        ADD CONSTRAINT cost_pools_fixed_check
          CHECK (amount_source <> 'fixed' OR fixed_monthly_ore IS NOT NULL)
    `)
    this.defer(async (db) => {
      await db.table('cost_pools').multiInsert([
        {
          code: 'TELEFONIST',
          name: 'Telefonisttjänst',
          basis: 'extensions',
          participant_kinds: ['forvaltning', 'bolag'],
          amount_source: 'supplier_invoices',
          switchboard: true,
        },
        {
          code: 'SAMORDNING',
          name: 'Samordning gemensam växel',
          basis: 'extensions',
          participant_kinds: ['forvaltning', 'bolag'],
          amount_source: 'fixed',
          // annual budget 1 800 000 kr / 12
          fixed_monthly_ore: 15000000,
          switchboard: true,
        },
        {
          code: 'ETJANST',
          name: 'Systemförvaltning e-tjänst',
          basis: 'headcount',
          participant_kinds: ['forvaltning'],
          amount_source: 'cost_entries',
          switchboard: false,
        },
      ])
    })
  }

  async down() {
    this.schema.dropTable('cost_pools')
  }
}
