/**
 * After a credit note: a new invoice for the same organisation and period, from the
 * period's allocation and the organisation's current register data (reference, cost
 * centre), naming the invoice it replaces. Once per credited invoice.
 */
import { todayInStockholm } from '#domain/periods'
import { recordAudit } from '#services/audit'
import { coded } from '#domain/coded_message'
import { transactionWithFiles } from '#services/stored_file'
import { storageRefusal } from '#actions/month_end/invoice_numbering'
import { issueOne } from '#actions/month_end/issue_one_invoice'
import { periodShares } from '#queries/month_end/invoice_sources'

export async function issueCorrectedInvoice(creditedInvoiceId: number, userId: number | null) {
  return transactionWithFiles(async (trx, files) => {
    const original = await trx.from('invoices').where('id', creditedInvoiceId).forUpdate().first()
    if (!original || original.kind !== 'invoice')
      return { ok: false as const, error: coded('monthEnd.refusals.invoiceMissing') }
    const credit = await trx.from('invoices').where('credits_invoice_id', original.id).first()
    if (!credit)
      return {
        ok: false as const,
        error: coded('monthEnd.refusals.notCredited', { number: original.number }),
      }
    const open = await trx
      .from('invoice_lines as l')
      .where('l.invoice_id', original.id)
      .whereNotExists((q) => q.from('invoice_lines as c').whereRaw('c.credits_line_id = l.id'))
      .first()
    if (open)
      return {
        ok: false as const,
        error: coded('controlLoop.refusals.partlyCredited', { number: original.number }),
      }
    const already = await trx.from('invoices').where('corrects_invoice_id', original.id).first()
    if (already)
      return {
        ok: false as const,
        error: coded('monthEnd.refusals.alreadyReplaced', {
          number: original.number,
          replacement: already.number,
        }),
      }
    const lines = await periodShares(trx, original.period, original.organisation_id)
    const carried = await trx
      .from('invoice_lines')
      .where('invoice_id', original.id)
      .whereNotNull('adjusted_period')
      .orderBy('position')
      .select('pool_code', 'description', 'basis_text', 'amount_ore', 'adjusted_period')
    if (lines.length === 0 && carried.length === 0)
      return { ok: false as const, error: coded('monthEnd.refusals.noShare') }
    const issued = await issueOne(trx, files, {
      period: original.period,
      lines,
      carried,
      organisationId: Number(original.organisation_id),
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
