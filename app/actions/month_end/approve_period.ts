/**
 * `allocation:approve YYYY-MM [--reopen]`: approve the period's draft allocation (the
 * guards of DOMAIN.md: complete, four eyes, an empty supplier pool confirmed, inputs not
 * changed since, the supplier invoice reconciled) or reopen an approved one.
 */
import { describeChange } from '#actions/month_end/compute_pools'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { emptySupplierPools } from '#queries/month_end/allocation_page'
import { getSettings } from '#services/settings'
import { hasControlCharacter } from '#domain/plain_text'
import { allocationGaps, type AllocationGap } from '#domain/month_end'
import { formatDateTime, formatOre } from '#domain/formatting'
import { recordAudit } from '#services/audit'
import { coded, joined, type CodedMessage } from '#domain/coded_message'
import { reconciliation } from '#actions/quality/supplier_follow_up'
import { staleness } from '#queries/month_end/staleness'

/** The pools of a calculation as stored: amount and the sum of their shares. */
export async function storedAllocations(trx: TransactionClientContract, calculationId: number) {
  const rows = await trx
    .from('allocations as a')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .where('a.calculation_id', calculationId)
    .orderBy('c.id')
    .select(
      'c.code',
      'a.amount_ore',
      trx.raw(
        '(SELECT coalesce(sum(s.amount_ore), 0) FROM allocation_shares s WHERE s.allocation_id = a.id)::bigint AS shares_ore'
      )
    )
  return rows.map((row) => ({
    pool: row.code as string,
    amountOre: BigInt(row.amount_ore),
    sharesOre: BigInt(row.shares_ore),
  }))
}

/** What an approval confirms beyond the figures (DOMAIN.md "Guards"). */
export interface ApprovalConfirmation {
  /** Approving although a supplier-invoice pool has no supplier invoice: why. */
  emptyPoolComment?: string
}

/** Why a period's allocation is not complete, as a code the reader's language words. */
function incompleteMessage(period: string, gaps: AllocationGap[]): CodedMessage {
  const details = gaps.map((gap) =>
    gap.kind === 'noCalculation'
      ? coded('allocations.refusals.noCalculation')
      : gap.kind === 'missingPools'
        ? coded('allocations.refusals.missingPools', {
            expected: String(gap.expected),
            found: String(gap.found),
          })
        : coded('allocations.refusals.unbalanced', {
            pool: gap.pool,
            amount: formatOre(gap.amountOre),
            shares: formatOre(gap.sharesOre),
          })
  )
  return coded('allocations.refusals.incomplete', { period, details: joined(details, '; ') })
}

/** A refused approval or reopening: a code with parameters (docs/adr/0023). */
export type ApprovalResult =
  | { ok: true; status: 'approved' | 'draft'; calculationId: number | null }
  | { ok: false; error: CodedMessage }

/**
 * Draft → approved (a controller), of the calculation the controller was shown
 * (`shownCalculationId`; without it, the current one — the command line). Refused when
 * the allocation is not complete, or has been re-run since it was shown: the refusal
 * names the new figures. Reopen: approved → draft, before invoicing.
 */
export async function setPeriodApproval(
  period: string,
  approve: boolean,
  userId: number | null,
  shownCalculationId?: number,
  confirmation: ApprovalConfirmation = {}
): Promise<ApprovalResult> {
  return db.transaction(async (trx): Promise<ApprovalResult> => {
    const current = await trx.from('periods').where('period', period).forUpdate().first()
    if (!current)
      return {
        ok: false as const,
        error: coded('monthEnd.refusals.noAllocation', { period }),
      }
    const from = approve ? 'draft' : 'approved'
    if (current.status !== from) {
      const error = coded(
        current.status === 'invoiced'
          ? 'monthEnd.refusals.invoicedLocked'
          : approve
            ? 'monthEnd.refusals.alreadyApproved'
            : 'monthEnd.refusals.notApproved',
        { period }
      )
      return { ok: false as const, error }
    }
    const calculationId = current.calculation_id === null ? null : Number(current.calculation_id)
    if (approve) {
      const calculation =
        calculationId === null
          ? null
          : await trx.from('allocation_calculations').where('id', calculationId).first()
      const allocations = calculation ? await storedAllocations(trx, calculationId!) : []
      const gaps = allocationGaps(
        calculation ? { poolCount: calculation.pool_count } : null,
        allocations
      )
      if (gaps.length > 0) return { ok: false as const, error: incompleteMessage(period, gaps) }
      if (shownCalculationId !== undefined && shownCalculationId !== calculationId) {
        return {
          ok: false as const,
          error: coded('allocations.refusals.recalculated', {
            period,
            shown: String(shownCalculationId),
            current: String(calculationId),
            at: formatDateTime(calculation.calculated_at),
            figures: allocations
              .map((allocation) => `${allocation.pool} ${formatOre(allocation.amountOre)}`)
              .join(', '),
          }),
        }
      }
      const settings = await getSettings(trx)
      // four eyes: whoever ran the allocation last does not approve it (null: the system)
      if (
        userId !== null &&
        settings.four_eyes !== 'nej' &&
        current.calculated_by !== null &&
        Number(current.calculated_by) === userId
      ) {
        return { ok: false as const, error: coded('controlLoop.refusals.fourEyes', { period }) }
      }
      const empty = await emptySupplierPools(trx, period)
      if (empty.length > 0) {
        const comment = confirmation.emptyPoolComment?.trim() ?? ''
        if (confirmation.emptyPoolComment === undefined) {
          return {
            ok: false as const,
            error: coded('controlLoop.refusals.emptyPool', { period, pools: empty.join(', ') }),
          }
        }
        if (comment.length === 0 || comment.length > 1000 || hasControlCharacter(comment)) {
          return { ok: false as const, error: coded('controlLoop.refusals.emptyPoolComment') }
        }
        await trx
          .from('periods')
          .where('period', period)
          .update({ empty_pool_comment: comment, empty_pool_confirmed_by: userId })
        await recordAudit(trx, {
          userId,
          action: 'update',
          entityType: 'period',
          entityId: period,
          summary: `${empty.join(', ')} godkändes för ${period} utan leverantörsfaktura: ${comment}`,
        })
      }
      const stale = await staleness(trx, period)
      if (stale.stale) {
        return {
          ok: false as const,
          error: coded('controlLoop.refusals.stale', {
            period,
            changes: joined(
              stale.changes.map((change) => describeChange(change)),
              '; '
            ),
          }),
        }
      }
      const check = await reconciliation(period, trx)
      if (check.flagged && !check.explanation) {
        return {
          ok: false as const,
          error: coded('monthEnd.refusals.supplierMismatch', {
            period,
            tolerance: check.tolerancePercent.toString().replace('.', ','),
          }),
        }
      }
    }
    await trx
      .from('periods')
      .where('period', period)
      .update(
        approve
          ? {
              status: 'approved',
              approved_at: new Date(),
              approved_by: userId,
              approved_calculation_id: calculationId,
            }
          : {
              status: 'draft',
              approved_at: null,
              approved_by: null,
              approved_calculation_id: null,
              empty_pool_comment: null,
              empty_pool_confirmed_by: null,
            }
      )
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'period',
      entityId: period,
      summary: approve
        ? `Kostnadsfördelningen för ${period} godkändes (beräkning ${calculationId})`
        : `Kostnadsfördelningen för ${period} öppnades igen`,
    })
    return { ok: true as const, status: approve ? 'approved' : 'draft', calculationId }
  })
}
