/**
 * The year-end true-up of a fixed-amount pool as the month-end sees it (docs/adr/0029): an
 * accepted true-up is part of the pool's amount in the year's December, so the control
 * loop (docs/adr/0015) adjusts the invoiced December — never an invoice written here.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { trueUpAmount, trueUpGaps, type TrueUpGap } from '#domain/budget'

/** The accepted true-up carried by `period` for the pool (0 unless it is a December). */
export async function acceptedTrueUp(client: QueryClientContract, poolId: number, period: string) {
  if (!period.endsWith('-12')) return null
  const row = await client
    .from('true_ups as t')
    .leftJoin('users as u', 'u.id', 't.decided_by')
    .where('t.cost_pool_id', poolId)
    .where('t.year', Number(period.slice(0, 4)))
    .where('t.status', 'accepted')
    .select('t.amount_ore', 't.decided_at', 'u.full_name')
    .first()
  if (!row) return null
  return {
    amountOre: BigInt(row.amount_ore),
    by: (row.full_name as string | null) ?? null,
    at: row.decided_at instanceof Date ? row.decided_at.toISOString() : String(row.decided_at),
  }
}

/** A fixed pool's amount for a period: the monthly amount, and in December the true-up. */
export async function fixedPoolAmount(
  client: QueryClientContract,
  pool: { id: number; fixed_monthly_ore: string | null },
  period: string
) {
  const trueUp = await acceptedTrueUp(client, pool.id, period)
  return {
    amountOre: BigInt(pool.fixed_monthly_ore ?? 0) + (trueUp?.amountOre ?? 0n),
    sources: [
      { type: 'fixed', amountOre: pool.fixed_monthly_ore },
      ...(trueUp ? [{ type: 'true_up', amountOre: String(trueUp.amountOre) }] : []),
    ],
  }
}

export interface TrueUpProposal {
  poolId: number
  code: string
  name: string
  year: number
  chargedOre: bigint
  actualOre: bigint
  amountOre: bigint
  actualEntries: number
  gaps: TrueUpGap[]
  decision: {
    status: 'accepted' | 'waived'
    amountOre: bigint
    comment: string
    by: string | null
    at: Date
  } | null
}

/**
 * The true-up of each fixed-amount pool for a year: what it charged (its allocations in the
 * year's invoiced periods, plus the adjustments of them settled since) against what it
 * cost (its cost entries of the year's months, replaced ones left out).
 */
export async function trueUpProposals(
  year: number,
  client: QueryClientContract = db.connection()
): Promise<TrueUpProposal[]> {
  const pools = await client
    .from('cost_pools')
    .where('amount_source', 'fixed')
    .where('is_active', true)
    .orderBy('id')
  const december = await client.from('periods').where('period', `${year}-12`).first()
  const like = `${year}-%`
  const result: TrueUpProposal[] = []
  for (const pool of pools) {
    const charged = await client.rawQuery(
      `SELECT coalesce(sum(x.amount_ore), 0)::bigint AS amount_ore FROM (
          SELECT a.amount_ore FROM allocations a JOIN periods p ON p.period = a.period
           WHERE p.status = 'invoiced' AND a.period LIKE ? AND a.cost_pool_id = ?
          UNION ALL
          SELECT j.amount_ore FROM allocation_adjustments j
            JOIN periods q ON q.period = j.period AND q.status = 'invoiced'
                          AND q.approved_calculation_id = j.calculation_id
           WHERE j.adjusted_period LIKE ? AND j.cost_pool_id = ?
        ) x`,
      [like, pool.id, like, pool.id]
    )
    const actual = await client
      .from('cost_entries')
      .where('cost_pool_id', pool.id)
      .where('period', 'like', like)
      .whereNull('replaced_at')
      .select(
        client.raw('coalesce(sum(amount_ore), 0)::bigint AS amount_ore'),
        client.raw('count(*)::int AS entries')
      )
      .first()
    const decided = await client
      .from('true_ups as t')
      .leftJoin('users as u', 'u.id', 't.decided_by')
      .where('t.cost_pool_id', pool.id)
      .where('t.year', year)
      .select('t.*', 'u.full_name')
      .first()
    const chargedOre = BigInt(charged.rows[0].amount_ore)
    const actualOre = BigInt(actual.amount_ore)
    // once accepted, December's recomputation charges it: the proposal is what was decided
    const amountOre = decided ? BigInt(decided.amount_ore) : trueUpAmount(chargedOre, actualOre)
    result.push({
      poolId: pool.id,
      code: pool.code,
      name: pool.name,
      year,
      chargedOre: decided ? BigInt(decided.charged_ore) : chargedOre,
      actualOre: decided ? BigInt(decided.actual_ore) : actualOre,
      amountOre,
      actualEntries: Number(actual.entries),
      gaps: trueUpGaps({
        fixed: true,
        decemberInvoiced: december?.status === 'invoiced',
        actualEntries: Number(actual.entries),
        decided: Boolean(decided),
      }),
      decision: decided
        ? {
            status: decided.status,
            amountOre: BigInt(decided.amount_ore),
            comment: decided.comment,
            by: decided.full_name ?? null,
            at: decided.decided_at,
          }
        : null,
    })
  }
  return result
}
