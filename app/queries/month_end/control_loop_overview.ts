/**
 * What the period page shows of the control loop (docs/adr/0015): whether the draft or
 * approval is stale and what changed, the late inputs of an invoiced period, the
 * adjustments this period carries, and the later periods that adjusted it.
 */
import db from '@adonisjs/lucid/services/db'
import { staleness, type KnownPeriodState } from '#queries/month_end/staleness'
import type { InputChange } from '#domain/control_loop'

export interface AdjustmentView {
  adjustmentId: number
  period: string
  adjustedPeriod: string
  pool: string
  poolName: string
  amountOre: string
  settledTotalOre: string
  recomputedTotalOre: string
  settled: boolean
  changes: InputChange[]
  shares: {
    organisation_id: number
    code: string
    name: string
    settled_ore: string
    recomputed_ore: string
    amount_ore: string
  }[]
}

async function adjustments(where: { calculationId?: number; adjustedPeriod?: string }) {
  const rows = await db
    .from('allocation_adjustments as j')
    .join('cost_pools as c', 'c.id', 'j.cost_pool_id')
    .join('periods as q', 'q.period', 'j.period')
    .leftJoin('period_recomputations as r', (join) =>
      join
        .on('r.calculation_id', '=', 'j.calculation_id')
        .andOn('r.adjusted_period', '=', 'j.adjusted_period')
    )
    .if(where.calculationId, (q) => q.where('j.calculation_id', where.calculationId!))
    .if(where.adjustedPeriod, (q) =>
      // only what the carrying period holds now: its current calculation
      q
        .where('j.adjusted_period', where.adjustedPeriod!)
        .whereRaw('j.calculation_id = q.calculation_id')
    )
    .orderBy(['j.period', 'j.adjusted_period', 'c.id'])
    .select(
      'j.id',
      'j.period',
      'j.adjusted_period',
      'c.code',
      'c.name',
      'j.amount_ore',
      'j.settled_total_ore',
      'j.recomputed_total_ore',
      'q.status',
      'r.changes'
    )
  const result: AdjustmentView[] = []
  for (const row of rows) {
    const shares = await db
      .from('allocation_adjustment_shares as x')
      .join('organisations as o', 'o.id', 'x.organisation_id')
      .where('x.adjustment_id', row.id)
      .orderBy('o.code')
      .select(
        'o.id as organisation_id',
        'o.code',
        'o.name',
        'x.settled_ore',
        'x.recomputed_ore',
        'x.amount_ore'
      )
    result.push({
      adjustmentId: Number(row.id),
      period: row.period,
      adjustedPeriod: row.adjusted_period,
      pool: row.code,
      poolName: row.name,
      amountOre: row.amount_ore,
      settledTotalOre: row.settled_total_ore,
      recomputedTotalOre: row.recomputed_total_ore,
      settled: row.status === 'invoiced',
      changes: row.changes ?? [],
      shares,
    })
  }
  return result
}

/** `known`: the period's staleness and row when the caller has them (see checklistFacts). */
export async function controlLoopOverview(period: string, known: KnownPeriodState = {}) {
  const current =
    known.current !== undefined
      ? known.current
      : await db.from('periods').where('period', period).first()
  if (!current) return null
  const stale = known.stale ?? (await staleness(db.connection(), period, current))
  const lateInputs =
    current.status === 'invoiced'
      ? await db
          .from('imports as i')
          .leftJoin('users as u', 'u.id', 'i.user_id')
          .whereRaw('? = ANY(i.late_periods)', [period])
          .orderBy('i.id', 'desc')
          .select('i.id', 'i.type', 'i.file_name', 'u.full_name', 'i.created_at')
      : []
  return {
    stale,
    lateInputs,
    carried: current.calculation_id
      ? await adjustments({ calculationId: Number(current.calculation_id) })
      : [],
    adjustedBy: current.status === 'invoiced' ? await adjustments({ adjustedPeriod: period }) : [],
  }
}
