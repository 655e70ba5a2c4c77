/**
 * A credit note for an issued invoice: its lines (all not yet credited, or the chosen
 * ones) negated, a required reason, a number from the same gapless series, naming the
 * invoice it credits and, per line, the line it credits (each line is credited at most
 * once). The original is never changed. VAT: counted on everything credited so far, so the
 * credit notes of an invoice together take back exactly its VAT (app/domain/invoice_totals).
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { addDays } from '#domain/month_end'
import { creditTotals } from '#domain/invoice_totals'
import { todayInStockholm } from '#domain/periods'
import { getSettings } from '#services/settings'
import {
  issuerFromSettings,
  nextInvoiceNumber,
  storageRefusal,
  storeInvoicePdf,
} from '#actions/month_end/invoice_numbering'
import { transactionWithFiles, type StoredFiles } from '#services/stored_file'
import { recordAudit } from '#services/audit'
import { coded, type CodedMessage } from '#domain/coded_message'
import { hasControlCharacter } from '#domain/plain_text'
import { queueDocumentDelivery } from '#actions/deliveries/queue_document_delivery'

/** A reason is printed on the credit note: one line of plain text, 1–500 characters. */
export function reasonIsValid(reason: string) {
  const text = reason.trim()
  return text.length > 0 && text.length <= 500 && !hasControlCharacter(text)
}

export type CreditResult =
  { ok: true; id: number; number: string } | { ok: false; error: CodedMessage }

export async function creditInvoice(
  invoiceId: number,
  reason: string,
  userId: number | null,
  linePositions?: number[]
): Promise<CreditResult> {
  return transactionWithFiles((trx, files) =>
    creditInvoiceIn(trx, files, invoiceId, reason, userId, linePositions)
  ).catch((error) => ({
    ok: false as const,
    error: storageRefusal(error, 'storage.creditNotIssued'),
  }))
}

/** The credit note inside the caller's transaction (a correction credits and re-issues in one). */
export async function creditInvoiceIn(
  trx: TransactionClientContract,
  files: StoredFiles,
  invoiceId: number,
  reason: string,
  userId: number | null,
  linePositions?: number[]
): Promise<CreditResult> {
  const original = await trx.from('invoices').where('id', invoiceId).forUpdate().first()
  if (!original) return { ok: false as const, error: coded('monthEnd.refusals.invoiceMissing') }
  if (original.kind !== 'invoice')
    return { ok: false as const, error: coded('monthEnd.refusals.creditNotCreditable') }
  if (!reasonIsValid(reason))
    return { ok: false as const, error: coded('controlLoop.refusals.creditReason') }

  const all = await trx
    .from('invoice_lines as l')
    .where('l.invoice_id', invoiceId)
    .whereNotExists((q) => q.from('invoice_lines as c').whereRaw('c.credits_line_id = l.id'))
    .orderBy('l.position')
    .select('l.*')
  const total = await trx.from('invoice_lines').where('invoice_id', invoiceId).count('* as count')
  if (all.length === 0) {
    const existing = await trx.from('invoices').where('credits_invoice_id', invoiceId).first()
    return {
      ok: false as const,
      error: coded('monthEnd.refusals.alreadyCredited', {
        number: original.number,
        credit: existing?.number ?? '–',
      }),
    }
  }
  const lines =
    linePositions === undefined ? all : all.filter((line) => linePositions.includes(line.position))
  if (linePositions !== undefined && lines.length !== new Set(linePositions).size) {
    return {
      ok: false as const,
      error: coded('controlLoop.refusals.creditLines', {
        number: original.number,
        open: all.map((line) => line.position).join(', '),
      }),
    }
  }

  const settings = await getSettings(trx)
  const organisation = await trx
    .from('organisations')
    .where('id', original.organisation_id)
    .firstOrFail()
  const issueDate = todayInStockholm()
  const year = Number(issueDate.slice(0, 4))
  const { sequence, number } = await nextInvoiceNumber(trx, year)
  const whole = lines.length === Number(total[0].count)
  const net: bigint = -lines.reduce((sum: bigint, line) => sum + BigInt(line.amount_ore), 0n)
  const earlier = await trx
    .from('invoices')
    .where('credits_invoice_id', original.id)
    .sum('net_ore as net')
    .sum('vat_ore as vat')
    .first()
  const totals = creditTotals(
    net,
    {
      netOre: BigInt(original.net_ore),
      vatOre: BigInt(original.vat_ore),
      vatRatePercent: Number(original.vat_rate_percent),
    },
    { netOre: BigInt(earlier?.net ?? 0), vatOre: BigInt(earlier?.vat ?? 0) }
  )
  const vat = totals.vatOre
  const [credit] = await trx
    .table('invoices')
    .insert({
      number,
      year,
      sequence,
      kind: 'credit',
      period: original.period,
      organisation_id: original.organisation_id,
      credits_invoice_id: original.id,
      credit_reason: reason,
      issue_date: issueDate,
      due_date: addDays(issueDate, Number(settings.payment_days ?? 30)),
      reference: original.reference,
      cost_centre: original.cost_centre,
      vat_rate_percent: original.vat_rate_percent,
      net_ore: String(net),
      vat_ore: String(vat),
      total_ore: String(totals.totalOre),
      issued_by: userId,
    })
    .returning('id')
  await trx.table('invoice_lines').multiInsert(
    lines.map((line, index) => ({
      invoice_id: credit.id,
      position: index + 1,
      pool_code: line.pool_code,
      description: line.description,
      basis_text: line.basis_text,
      amount_ore: String(-BigInt(line.amount_ore)),
      adjusted_period: line.adjusted_period,
      credits_line_id: line.id,
    }))
  )
  await storeInvoicePdf(trx, files, credit.id, {
    kind: 'credit',
    number,
    issueDate,
    dueDate: addDays(issueDate, Number(settings.payment_days ?? 30)),
    period: original.period,
    issuer: issuerFromSettings(settings),
    recipient: {
      name: organisation.name,
      code: organisation.code,
      costCentre: original.cost_centre,
      reference: original.reference,
      kind: organisation.kind,
      orgNumber: organisation.org_number,
      postalStreet: organisation.postal_street,
      postalCode: organisation.postal_code,
      postalTown: organisation.postal_town,
      invoiceEmail: organisation.invoice_email,
    },
    lines: lines.map((line) => ({
      description: line.description,
      basisText: line.basis_text,
      amountOre: -BigInt(line.amount_ore),
    })),
    netOre: net,
    vatOre: vat,
    vatRatePercent: original.vat_rate_percent,
    totalOre: totals.totalOre,
    paymentText:
      organisation.kind === 'bolag' ? settings.company_payment_text : settings.settlement_text,
    credits: { number: original.number, reason },
  })
  // a credit note is e-mailed to the organisation like an invoice (ADR 0025)
  await queueDocumentDelivery(trx, Number(credit.id))
  await recordAudit(trx, {
    userId,
    action: 'create',
    entityType: 'invoice',
    entityId: number,
    summary: `Kreditfaktura ${number} krediterar ${original.number}${whole ? '' : ` (rad ${lines.map((line) => line.position).join(', ')})`}: ${reason}`,
  })
  return { ok: true as const, id: Number(credit.id), number }
}
