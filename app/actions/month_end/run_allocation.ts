/**
 * `allocation:run YYYY-MM`: compute (or recompute) the period's draft allocation.
 *
 * Per cost pool: the amount of the period (supplier invoices, cost entries or the fixed
 * monthly amount), the participants (kinds of the pool, active on the first day of the
 * period, and for switchboard pools connected to it that day), their basis at the key
 * date / key month (a joiner after the key date: its first count in the register), and
 * the largest-remainder shares. Then the adjustments of every earlier invoiced period
 * whose inputs changed since it was settled (DOMAIN.md "Late and changed inputs"), and
 * the inputs the calculation used. Everything is stored in one transaction; an approved
 * or invoiced period is refused, and a failed run stores nothing.
 */
import { coded, renderMessage, type CodedMessage } from '#domain/coded_message'
import { unallocatableExtensionCount } from '#queries/month_end/allocation_page'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { formatOre } from '#domain/formatting'
import { recordAudit } from '#services/audit'
import { message } from '#services/messages'
import { companyDetailWarnings, renderWarning } from '#queries/month_end/company_details'
import { openPoolSpecs, ownInputs } from '#queries/month_end/calculation_inputs'

import {
  computeAdjustments,
  computePools,
  type AdjustmentResult,
  type AllocationPoolResult,
} from '#actions/month_end/compute_pools'

export {
  computePools,
  describeChange,
  type AllocationPoolResult,
  type AllocationShareResult,
  type AdjustmentResult,
  type JoinerCount,
} from '#actions/month_end/compute_pools'
export {
  setPeriodApproval,
  storedAllocations,
  type ApprovalConfirmation,
} from '#actions/month_end/approve_period'

export type RunAllocationResult =
  | {
      ok: true
      period: string
      status: 'draft'
      calculationId: number
      pools: AllocationPoolResult[]
      adjustments: AdjustmentResult[]
      warnings: string[]
    }
  | { ok: false; period: string; status: string | null; errors: CodedMessage[] }

export async function runAllocation(
  period: string,
  userId: number | null
): Promise<RunAllocationResult> {
  const trx = await db.transaction()
  try {
    const result = await calculate(trx, period, userId)
    // a refused or failed run stores nothing: not the period, not an empty draft
    if (result.ok) await trx.commit()
    else await trx.rollback()
    return result
  } catch (error) {
    await trx.rollback()
    throw error
  }
}

async function calculate(
  trx: TransactionClientContract,
  period: string,
  userId: number | null
): Promise<RunAllocationResult> {
  const created = await trx.rawQuery(
    `INSERT INTO periods (period) VALUES (?) ON CONFLICT (period) DO NOTHING RETURNING period`,
    [period]
  )
  const current = await trx.from('periods').where('period', period).forUpdate().firstOrFail()
  if (current.status !== 'draft') {
    return {
      ok: false as const,
      period,
      status: current.status,
      errors: [
        coded(
          current.status === 'approved'
            ? 'allocationMessages.approvedRerun'
            : 'allocationMessages.invoicedRerun',
          { period }
        ),
      ],
    }
  }

  const pools = await openPoolSpecs(trx, period)
  const { results, warnings, errors } = await computePools(trx, period, pools)

  // extensions of inactive organisations on the key date of each pool that counts extensions
  // (a pool's key date may be overridden for the year: each pool's own date is the one used)
  const keyDates = [
    ...new Set(pools.filter((pool) => pool.basis === 'extensions').map((pool) => pool.keyDate)),
  ].sort()
  for (const keyDate of keyDates) {
    const count = await unallocatableExtensionCount(trx, keyDate)
    if (count > 0) {
      warnings.push(coded('allocationMessages.unallocatable', { count, keyDate }))
    }
  }

  if (errors.length > 0) {
    // the caller rolls back: a period this run created is gone again
    return {
      ok: false as const,
      period,
      status: created.rows.length > 0 ? null : current.status,
      errors,
    }
  }

  const adjusting = await computeAdjustments(trx, period)
  warnings.push(...adjusting.warnings)
  const inputs = { ...(await ownInputs(trx, period, pools)), ...adjusting.late }

  await trx.from('allocations').where('period', period).delete()
  await trx.from('allocation_adjustments').where('period', period).delete()
  const [calculation] = await trx
    .table('allocation_calculations')
    .insert({
      period,
      calculated_by: userId,
      pool_count: results.length,
      total_ore: results.reduce((sum, result) => sum + BigInt(result.amountOre), 0n).toString(),
      inputs: JSON.stringify(inputs),
    })
    .returning('id')
  const calculationId = Number(calculation.id)
  for (const result of results) {
    const [allocation] = await trx
      .table('allocations')
      .insert({
        calculation_id: calculationId,
        period,
        cost_pool_id: result.poolId,
        amount_ore: result.amountOre,
        basis: result.basis,
        key_date: result.basis === 'extensions' ? result.keyDate : null,
        key_month: result.basis === 'headcount' ? result.keyDate : null,
        total_weight: result.total,
        sources: JSON.stringify(result.sources),
      })
      .returning('id')
    if (result.shares.length > 0) {
      await trx.table('allocation_shares').multiInsert(
        result.shares.map((share) => ({
          allocation_id: allocation.id,
          organisation_id: result.ids.get(share.organisation),
          weight: share.count,
          amount_ore: share.amountOre,
        }))
      )
    }
  }
  for (const recomputation of adjusting.recomputations) {
    await trx.table('period_recomputations').insert({
      calculation_id: calculationId,
      adjusted_period: recomputation.period,
      inputs: JSON.stringify(recomputation.inputs),
      changes: JSON.stringify(recomputation.changes),
    })
  }
  for (const adjustment of adjusting.adjustments) {
    const [row] = await trx
      .table('allocation_adjustments')
      .insert({
        calculation_id: calculationId,
        period,
        adjusted_period: adjustment.period,
        cost_pool_id: adjustment.poolId,
        settled_total_ore: String(adjustment.settledTotalOre),
        recomputed_total_ore: String(adjustment.recomputedTotalOre),
        amount_ore: String(adjustment.amountOre),
      })
      .returning('id')
    await trx.table('allocation_adjustment_shares').multiInsert(
      adjustment.rows.map((share) => ({
        adjustment_id: row.id,
        organisation_id: share.organisationId,
        weight: String(share.weight),
        settled_ore: String(share.settledOre),
        recomputed_ore: String(share.recomputedOre),
        amount_ore: String(share.amountOre),
      }))
    )
  }
  await trx
    .from('periods')
    .where('period', period)
    .update({
      calculation_id: calculationId,
      warnings: JSON.stringify(warnings),
      calculated_at: new Date(),
      calculated_by: userId,
    })
  await recordAudit(trx, {
    userId,
    action: 'update',
    entityType: 'period',
    entityId: period,
    summary: `Kostnadsfördelningen för ${period} räknades, beräkning ${calculationId} (${results.map((r) => `${r.code} ${formatOre(BigInt(r.amountOre))}`).join(', ')})${adjusting.adjustments.length > 0 ? `, justeringar ${adjusting.adjustments.map((a) => `${a.period} ${a.pool} ${formatOre(BigInt(a.amountOre))}`).join(', ')}` : ''}`,
  })
  const companyWarnings = await companyDetailWarnings(period, trx)
  return {
    ok: true as const,
    period,
    status: 'draft' as const,
    calculationId,
    pools: results.map(({ poolId: _p, sources: _s, ids: _i, ...pool }) => pool),
    adjustments: adjusting.adjustments.map(
      ({ poolId: _p, rows: _r, settledTotalOre: _s, recomputedTotalOre: _t, ...adjustment }) =>
        adjustment
    ),
    // companies without what a lawful invoice needs (worded now; the page words them live)
    warnings: [
      ...warnings.map((warning) => renderMessage(warning, message)),
      ...companyWarnings.map((w) => renderWarning(w, message)),
    ],
  }
}
