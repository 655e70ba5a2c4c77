import db from '@adonisjs/lucid/services/db'
import { diffChanges, recordAudit } from '#services/audit'

export interface CostPoolInput {
  code: string
  name: string
  basis: 'extensions' | 'headcount'
  participantKinds: ('forvaltning' | 'bolag')[]
  amountSource: 'supplier_invoices' | 'cost_entries' | 'fixed'
  fixedMonthlyOre: string | null
  switchboard: boolean
  isActive: boolean
  keyOverride?: { year: number; keyDate: string | null; keyMonth: string | null }
}

/** Create or update a cost pool (the coordinator), with its key date for a year. */
export async function saveCostPool(poolId: number | null, input: CostPoolInput, userId: number) {
  return db.transaction(async (trx) => {
    const values = {
      code: input.code,
      name: input.name,
      basis: input.basis,
      participant_kinds: input.participantKinds,
      amount_source: input.amountSource,
      fixed_monthly_ore: input.amountSource === 'fixed' ? input.fixedMonthlyOre : null,
      switchboard: input.switchboard,
      is_active: input.isActive,
      updated_at: new Date(),
    }
    let id = poolId
    if (id) {
      const before = await trx.from('cost_pools').where('id', id).forUpdate().firstOrFail()
      await trx.from('cost_pools').where('id', id).update(values)
      const changes = diffChanges(before, values, [
        'name',
        'basis',
        'participant_kinds',
        'amount_source',
        'fixed_monthly_ore',
        'switchboard',
        'is_active',
      ])
      await recordAudit(trx, {
        userId,
        action: 'update',
        entityType: 'pool',
        entityId: input.code,
        summary: `Kostnadsposten ${input.code} ändrades`,
        changes,
      })
    } else {
      const [row] = await trx.table('cost_pools').insert(values).returning('id')
      id = row.id
      await recordAudit(trx, {
        userId,
        action: 'create',
        entityType: 'pool',
        entityId: input.code,
        summary: `Kostnadsposten ${input.code} skapades`,
      })
    }
    if (input.keyOverride) {
      await trx.rawQuery(
        `INSERT INTO pool_key_dates (cost_pool_id, year, key_date, key_month) VALUES (?, ?, ?, ?)
         ON CONFLICT (cost_pool_id, year) DO UPDATE SET key_date = EXCLUDED.key_date, key_month = EXCLUDED.key_month`,
        [
          id!,
          input.keyOverride.year,
          input.keyOverride.keyDate as string,
          input.keyOverride.keyMonth as string,
        ]
      )
      await recordAudit(trx, {
        userId,
        action: 'update',
        entityType: 'pool',
        entityId: input.code,
        summary: `Nyckeldatum för ${input.code} ${input.keyOverride.year}: ${input.keyOverride.keyDate ?? input.keyOverride.keyMonth}`,
      })
    }
    return id!
  })
}
