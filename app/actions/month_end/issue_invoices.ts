/**
 * `invoices:issue YYYY-MM`: one internal invoice per organisation with a share in the
 * approved allocation, numbered from a gapless series per calendar year.
 *
 * The numbers are taken with `UPDATE invoice_series … RETURNING` inside the issuing
 * transaction (all of the month's at once): the row lock makes concurrent issuers wait for
 * each other, a rolled back transaction gives its numbers back, so numbers are neither
 * skipped nor repeated. Each PDF is rendered once, stored with its SHA-256 under a name of
 * its own before the transaction commits (a failed run removes its files; nothing committed is overwritten:
 * app/services/stored_file.ts), and the period is locked. Storage that cannot be written
 * is a refusal that says where and what to do; nothing is issued.
 *
 * The parts live beside it: what an invoice is made of in
 * app/queries/month_end/invoice_sources.ts, numbering and the stored PDF in
 * invoice_numbering.ts, one invoice in issue_one_invoice.ts, the replacement after a credit
 * note in issue_corrected_invoice.ts (re-exported here for its callers).
 */
import { todayInStockholm } from '#domain/periods'
import { recordAudit } from '#services/audit'
import { coded, joined, type CodedMessage } from '#domain/coded_message'
import { describeChange } from '#actions/month_end/run_allocation'
import { invoicedPoolSpecs, ownInputs } from '#queries/month_end/calculation_inputs'
import { staleness } from '#queries/month_end/staleness'
import { transactionWithFiles } from '#services/stored_file'
import { storageRefusal } from '#actions/month_end/invoice_numbering'
import { freezeT2Forecast } from '#actions/budget/freeze_t2_forecast'
import { issueInvoiceBatch, type IssuedInvoice } from '#actions/month_end/issue_one_invoice'
import {
  calculationAdjustments,
  existingInvoices,
  periodShares,
  type AdjustmentLine,
  type ShareLine,
} from '#queries/month_end/invoice_sources'

export { issueCorrectedInvoice } from '#actions/month_end/issue_corrected_invoice'
export type { IssuedInvoice } from '#actions/month_end/issue_one_invoice'

export type IssueInvoicesResult =
  | { ok: true; period: string; alreadyInvoiced: boolean; invoices: IssuedInvoice[] }
  | { ok: false; period: string; error: CodedMessage }

export async function issueInvoices(
  period: string,
  userId: number | null
): Promise<IssueInvoicesResult> {
  return transactionWithFiles(async (trx, files): Promise<IssueInvoicesResult> => {
    const current = await trx.from('periods').where('period', period).forUpdate().first()
    if (!current)
      return {
        ok: false as const,
        period,
        error: coded('monthEnd.refusals.noAllocationYet', { period }),
      }
    if (current.status === 'invoiced') {
      return {
        ok: true as const,
        period,
        alreadyInvoiced: true,
        invoices: await existingInvoices(period, trx),
      }
    }
    if (current.status !== 'approved') {
      return {
        ok: false as const,
        period,
        error: coded('monthEnd.refusals.notApprovedForInvoices', { period }),
      }
    }
    if (
      current.calculation_id !== null &&
      current.approved_calculation_id !== current.calculation_id
    ) {
      return {
        ok: false as const,
        period,
        error: coded('allocations.refusals.approvalStale', { period }),
      }
    }
    // the invoiced periods this one adjusts are held while it is issued: a correction of one
    // of them (which locks it) either finishes first — then this approval is stale below —
    // or waits and then finds it adjusted here, so a late input is never charged twice
    await trx
      .from('periods')
      .whereIn(
        'period',
        trx
          .from('allocation_adjustments')
          .where('calculation_id', current.approved_calculation_id ?? 0)
          .select('adjusted_period')
      )
      .orderBy('period')
      .forShare()
      .select('period')
    // an input changed since the approval: the approved figures are not the figures now
    const stale = await staleness(trx, period)
    if (stale.stale) {
      return {
        ok: false as const,
        period,
        error: coded('controlLoop.refusals.approvalStale', {
          period,
          changes: joined(
            stale.changes.map((change) => describeChange(change)),
            '; '
          ),
        }),
      }
    }
    const issueDate = todayInStockholm()
    const byOrganisation = new Map<number, ShareLine[]>()
    for (const share of await periodShares(trx, period)) {
      byOrganisation.set(share.organisation_id, [
        ...(byOrganisation.get(share.organisation_id) ?? []),
        share,
      ])
    }
    const adjustmentsByOrganisation = new Map<number, AdjustmentLine[]>()
    const approvedCalculation = Number(current.approved_calculation_id ?? current.calculation_id)
    for (const line of await calculationAdjustments(trx, approvedCalculation)) {
      adjustmentsByOrganisation.set(line.organisation_id, [
        ...(adjustmentsByOrganisation.get(line.organisation_id) ?? []),
        line,
      ])
      // an organisation that only has an adjustment (e.g. ended since) gets an invoice too
      if (!byOrganisation.has(line.organisation_id)) byOrganisation.set(line.organisation_id, [])
    }
    // zero invoices would lock the period with nothing charged
    if (byOrganisation.size === 0) {
      return {
        ok: false as const,
        period,
        error: coded('allocations.refusals.nothingToInvoice', { period }),
      }
    }
    const ordered = [...byOrganisation.entries()].sort(([a, linesA], [b, linesB]) => {
      const codeA = (linesA[0] ?? adjustmentsByOrganisation.get(a)![0]).code
      const codeB = (linesB[0] ?? adjustmentsByOrganisation.get(b)![0]).code
      return codeA < codeB ? -1 : codeA > codeB ? 1 : 0
    })
    // numbered in the order of the organisations' codes, as one batch
    const issued: IssuedInvoice[] = await issueInvoiceBatch(
      trx,
      files,
      { period, issueDate, userId },
      ordered.map(([organisationId, lines]) => ({
        lines,
        adjustments: adjustmentsByOrganisation.get(organisationId),
      }))
    )
    // anything that must happen with the issue or not at all (e.g. queueing the invoices'
    // deliveries) goes here, inside the transaction, once `issued` holds every invoice
    // the period is settled at what it invoiced; the periods it adjusted at their recomputation
    await trx
      .from('periods')
      .where('period', period)
      .update({
        settled_inputs: JSON.stringify(
          await ownInputs(trx, period, await invoicedPoolSpecs(trx, period), { invoiced: true })
        ),
      })
    for (const recomputation of await trx
      .from('period_recomputations')
      .where('calculation_id', approvedCalculation)) {
      await trx
        .from('periods')
        .where('period', recomputation.adjusted_period)
        .update({ settled_inputs: JSON.stringify(recomputation.inputs) })
    }
    await trx
      .from('periods')
      .where('period', period)
      .update({ status: 'invoiced', invoiced_at: new Date(), invoiced_by: userId })
    // locking August freezes the year's T2 forecast, with the issue or not at all (ADR 0029 §3)
    await freezeT2Forecast(trx, period, userId)
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'period',
      entityId: period,
      summary: `${issued.length} internfakturor utfärdades för ${period} (${issued[0]?.number ?? '–'} – ${issued.at(-1)?.number ?? '–'})`,
    })
    return { ok: true as const, period, alreadyInvoiced: false, invoices: issued }
  }).catch((error) => ({
    ok: false as const,
    period,
    error: storageRefusal(error, 'storage.invoicesNotIssued'),
  }))
}
