/**
 * Approval from the web (docs/adr/0024): the month-end checklist's blockers that the approval
 * action does not judge itself — an undecided service credit and unread warnings — are
 * refused here with what is missing; the rest (a stale draft, an unexplained difference, four
 * eyes, an empty pool without a confirmed comment, a re-run since the page) is refused by
 * setPeriodApproval as before.
 */
import { periodChecklistOf } from '#queries/month_end/period_checklist'
import { setPeriodApproval, type ApprovalConfirmation } from '#actions/month_end/approve_period'
import { message } from '#services/messages'
import { formatOre } from '#domain/formatting'

const CHECKED_HERE = new Set(['credit', 'warnings'])

export async function approveCheckedPeriod(
  period: string,
  userId: number,
  calculationId: number,
  confirmation: ApprovalConfirmation
) {
  const checklist = await periodChecklistOf(period)
  const missing = checklist.blockers.filter((item) => CHECKED_HERE.has(item.key))
  if (missing.length > 0) {
    const items = missing.map((item) =>
      message(`periodChecklist.reasons.${item.reason}`, {
        ...item.params,
        ...(item.params.amount === undefined ? {} : { amount: formatOre(item.params.amount) }),
      })
    )
    return {
      ok: false as const,
      error: message('periodChecklist.refusals.blocked', { period, items: items.join(' ') }),
    }
  }
  return setPeriodApproval(period, true, userId, calculationId, confirmation)
}
