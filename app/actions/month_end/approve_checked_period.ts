/**
 * Approval from the web (docs/adr/0024): the month-end checklist's blockers that the approval
 * action does not judge itself — an undecided service credit and unread warnings — are
 * refused here with what is missing; the rest (a stale draft, an unexplained difference, four
 * eyes, an empty pool without a confirmed comment, a re-run since the page) is refused by
 * setPeriodApproval as before.
 */
import { periodChecklistOf } from '#queries/month_end/period_checklist'
import {
  setPeriodApproval,
  type ApprovalConfirmation,
  type ApprovalResult,
} from '#actions/month_end/approve_period'
import { coded, joined } from '#domain/coded_message'
import { formatOre } from '#domain/formatting'

const CHECKED_HERE = new Set(['credit', 'warnings'])

export async function approveCheckedPeriod(
  period: string,
  userId: number,
  calculationId: number,
  confirmation: ApprovalConfirmation
): Promise<ApprovalResult> {
  const checklist = await periodChecklistOf(period)
  const missing = checklist.blockers.filter((item) => CHECKED_HERE.has(item.key))
  if (missing.length > 0) {
    // worded in the reader's language by the controller (docs/adr/0023)
    const items = missing.map((item) =>
      coded(`periodChecklist.reasons.${item.reason}`, {
        ...item.params,
        ...(item.params.amount === undefined ? {} : { amount: formatOre(item.params.amount) }),
      })
    )
    return {
      ok: false as const,
      error: coded('periodChecklist.refusals.blocked', { period, items: joined(items, ' ') }),
    }
  }
  return setPeriodApproval(period, true, userId, calculationId, confirmation)
}
