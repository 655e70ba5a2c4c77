/**
 * The coordinator enters a pool's budget for a year, month by month (kronor, two decimals);
 * a refused amount names its month and stores nothing.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { formatOre } from '#domain/formatting'
import { parseBudgetAmount } from '#actions/budget/import_budget'

export interface SaveBudgetInput {
  poolId: number
  year: number
  /** twelve texts, January first; empty = 0 kr */
  amounts: (string | null | undefined)[]
  userId: number
}

export type SaveBudgetResult =
  | { ok: true; pool: string; totalOre: bigint }
  | { ok: false; error: 'unknownPool' }
  | { ok: false; error: 'badAmount'; month: number; value: string; problem: string }

export async function saveBudget(input: SaveBudgetInput): Promise<SaveBudgetResult> {
  const amounts: bigint[] = []
  for (let month = 1; month <= 12; month++) {
    const raw = (input.amounts[month - 1] ?? '').trim()
    if (raw === '') {
      amounts.push(0n)
      continue
    }
    const parsed = parseBudgetAmount(raw)
    if (!parsed.ok)
      return { ok: false, error: 'badAmount', month, value: raw, problem: parsed.message }
    amounts.push(parsed.value)
  }
  return db.transaction(async (trx) => {
    const pool = await trx
      .from('cost_pools')
      .where('id', input.poolId)
      .where('is_active', true)
      .forUpdate()
      .first()
    if (!pool) return { ok: false as const, error: 'unknownPool' as const }
    const before = await trx
      .from('budgets')
      .where('cost_pool_id', pool.id)
      .where('year', input.year)
      .orderBy('month')
    await trx.rawQuery(
      `INSERT INTO budgets (cost_pool_id, year, month, amount_ore, updated_by, updated_at)
       SELECT ?::int, ?::int, m, a, ?::int, now()
         FROM unnest(?::int[], ?::bigint[]) AS r(m, a)
       ON CONFLICT (cost_pool_id, year, month) DO UPDATE
          SET amount_ore = EXCLUDED.amount_ore, updated_by = EXCLUDED.updated_by,
              updated_at = EXCLUDED.updated_at, import_id = NULL`,
      [
        pool.id,
        input.year,
        input.userId,
        amounts.map((_, index) => index + 1),
        amounts.map((amount) => String(amount)),
      ]
    )
    const totalOre = amounts.reduce((sum, amount) => sum + amount, 0n)
    await recordAudit(trx, {
      userId: input.userId,
      action: 'update',
      entityType: 'pool',
      entityId: pool.id,
      summary: `Budget för ${pool.code} ${input.year}: ${formatOre(totalOre)}`,
      changes: {
        budget: {
          from: before.map((row) => String(row.amount_ore)).join(','),
          to: amounts.map(String).join(','),
        },
      },
    })
    return { ok: true as const, pool: pool.code as string, totalOre }
  })
}

/** The forecast method of a pool for a year: `budget` or `run_rate`. */
export async function saveForecastMethod(input: {
  poolId: number
  year: number
  method: 'budget' | 'run_rate'
  userId: number
}) {
  return db.transaction(async (trx) => {
    const pool = await trx
      .from('cost_pools')
      .where('id', input.poolId)
      .where('is_active', true)
      .first()
    if (!pool) return { ok: false as const, error: 'unknownPool' as const }
    await trx.rawQuery(
      `INSERT INTO forecast_methods (cost_pool_id, year, method, updated_by, updated_at)
       VALUES (?, ?, ?, ?, now())
       ON CONFLICT (cost_pool_id, year) DO UPDATE
          SET method = EXCLUDED.method, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [pool.id, input.year, input.method, input.userId]
    )
    await recordAudit(trx, {
      userId: input.userId,
      action: 'update',
      entityType: 'pool',
      entityId: pool.id,
      summary: `Prognosmetod för ${pool.code} ${input.year}: ${input.method}`,
    })
    return { ok: true as const, pool: pool.code as string }
  })
}
