/**
 * `invoices:issue YYYY-MM`: one internal invoice per organisation with a share in the
 * approved allocation, numbered from a gapless series per calendar year.
 *
 * The number is taken with `UPDATE invoice_series … RETURNING` inside the issuing
 * transaction: the row lock makes concurrent issuers wait for each other, a rolled back
 * transaction gives its numbers back, so numbers are neither skipped nor repeated.
 * Each PDF is rendered once, stored with its SHA-256 under a name of its own before the
 * transaction commits (a failed run removes its files; nothing committed is overwritten:
 * app/services/stored_file.ts), and the period is locked. Storage that cannot be written
 * is a refusal that says where and what to do; nothing is issued.
 */
import { todayInStockholm } from '#domain/periods'
import { recordAudit } from '#services/audit'
import { message } from '#services/messages'
import { describeChange } from '#actions/month_end/run_allocation'
import { invoicedPoolSpecs, ownInputs } from '#queries/month_end/calculation_inputs'
import { staleness } from '#queries/month_end/staleness'
import { transactionWithFiles } from '#services/stored_file'

import {
  calculationAdjustments,
  existingInvoices,
  issueOne,
  type AdjustmentLine,
  type IssueInvoicesResult,
  type ShareLine,
  periodShares,
  storageRefusal,
  type IssuedInvoice,
} from '#actions/month_end/issue_one_invoice'

export type { IssuedInvoice, IssueInvoicesResult } from '#actions/month_end/issue_one_invoice'

export async function issueInvoices(
  period: string,
  userId: number | null
): Promise<IssueInvoicesResult> {
  return transactionWithFiles(async (trx, files): Promise<IssueInvoicesResult> => {
    const current = await trx.from('periods').where('period', period).forUpdate().first()
    if (!current)
      return { ok: false as const, period, error: `Perioden ${period} har ingen fördelning ännu.` }
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
        error: `Perioden ${period} är inte godkänd. En controller godkänner fördelningen innan fakturorna skapas.`,
      }
    }
    if (
      current.calculation_id !== null &&
      current.approved_calculation_id !== current.calculation_id
    ) {
      return {
        ok: false as const,
        period,
        error: message('allocations.refusals.approvalStale', { period }),
      }
    }
    // an input changed since the approval: the approved figures are not the figures now
    const stale = await staleness(trx, period)
    if (stale.stale) {
      return {
        ok: false as const,
        period,
        error: message('controlLoop.refusals.approvalStale', {
          period,
          changes: stale.changes.map((change) => describeChange(change)).join('; '),
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
        error: message('allocations.refusals.nothingToInvoice', { period }),
      }
    }
    const issued: IssuedInvoice[] = []
    const ordered = [...byOrganisation.entries()].sort(([a, linesA], [b, linesB]) => {
      const codeA = (linesA[0] ?? adjustmentsByOrganisation.get(a)![0]).code
      const codeB = (linesB[0] ?? adjustmentsByOrganisation.get(b)![0]).code
      return codeA < codeB ? -1 : codeA > codeB ? 1 : 0
    })
    for (const [organisationId, lines] of ordered) {
      issued.push(
        await issueOne(trx, files, {
          period,
          lines,
          adjustments: adjustmentsByOrganisation.get(organisationId),
          issueDate,
          userId,
        })
      )
    }
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

/**
 * After a credit note: a new invoice for the same organisation and period, from the
 * period's allocation and the organisation's current register data (reference, cost
 * centre), naming the invoice it replaces. Once per credited invoice.
 */
export async function issueCorrectedInvoice(creditedInvoiceId: number, userId: number | null) {
  return transactionWithFiles(async (trx, files) => {
    const original = await trx.from('invoices').where('id', creditedInvoiceId).forUpdate().first()
    if (!original || original.kind !== 'invoice')
      return { ok: false as const, error: 'Fakturan finns inte.' }
    const credit = await trx.from('invoices').where('credits_invoice_id', original.id).first()
    if (!credit)
      return {
        ok: false as const,
        error: `Faktura ${original.number} är inte krediterad; kreditera den först.`,
      }
    const open = await trx
      .from('invoice_lines as l')
      .where('l.invoice_id', original.id)
      .whereNotExists((q) => q.from('invoice_lines as c').whereRaw('c.credits_line_id = l.id'))
      .first()
    if (open)
      return {
        ok: false as const,
        error: message('controlLoop.refusals.partlyCredited', { number: original.number }),
      }
    const already = await trx.from('invoices').where('corrects_invoice_id', original.id).first()
    if (already)
      return {
        ok: false as const,
        error: `Faktura ${original.number} är redan ersatt av ${already.number}.`,
      }
    const lines = await periodShares(trx, original.period, original.organisation_id)
    if (lines.length === 0)
      return { ok: false as const, error: 'Organisationen har ingen andel i periodens fördelning.' }
    const issued = await issueOne(trx, files, {
      period: original.period,
      lines,
      issueDate: todayInStockholm(),
      userId,
      correctsInvoice: { id: original.id, number: original.number },
    })
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'invoice',
      entityId: issued.number,
      summary: `Faktura ${issued.number} ersätter ${original.number} (krediterad med ${credit.number})`,
    })
    return { ok: true as const, invoice: issued }
  }).catch((error) => ({
    ok: false as const,
    error: storageRefusal(error, 'storage.correctionNotIssued'),
  }))
}
