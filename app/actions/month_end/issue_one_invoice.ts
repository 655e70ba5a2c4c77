/**
 * One organisation's invoice for a period: its share lines, the adjustments of earlier
 * periods and the lines carried from a credited invoice, numbered from the year's series,
 * stored with its lines and its PDF inside the caller's transaction.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { invoiceTotals, vatRateFromSetting } from '#domain/invoice_totals'
import { addDays, basisMessage } from '#domain/month_end'
import { getSettings } from '#services/settings'
import { inDefaultLanguage, message } from '#services/messages'
import { formatMonth, formatOre } from '#domain/formatting'
import type { StoredFiles } from '#services/stored_file'
import {
  issuerFromSettings,
  nextInvoiceNumber,
  storeInvoicePdf,
} from '#actions/month_end/invoice_numbering'
import { queueDocumentDelivery } from '#actions/deliveries/queue_document_delivery'
import {
  RECIPIENT_COLUMNS,
  type AdjustmentLine,
  type CarriedLine,
  type ShareLine,
} from '#queries/month_end/invoice_sources'

export interface IssuedInvoice {
  number: string
  organisation: string
  netOre: number
  vatOre: number
  totalOre: number
  pdf: string
  /** FORMATS.md: an adjustment line has the adjusted period in `period` */
  lines: { pool: string; period: string; amountOre: number }[]
}

/** Number, store and render one organisation's invoice for a period. */
export async function issueOne(
  trx: TransactionClientContract,
  files: StoredFiles,
  input: {
    period: string
    lines: ShareLine[]
    adjustments?: AdjustmentLine[]
    /** lines charged again as printed, for the organisation `organisationId` */
    carried?: CarriedLine[]
    organisationId?: number
    issueDate: string
    userId: number | null
    correctsInvoice?: { id: number; number: string }
  }
): Promise<IssuedInvoice> {
  const settings = await getSettings(trx)
  const vatSetting = vatRateFromSetting(settings.vat_rate_percent)
  const dueDate = addDays(input.issueDate, Number(settings.payment_days ?? 30))
  const year = Number(input.issueDate.slice(0, 4))
  const adjustments = input.adjustments ?? []
  const carried = input.carried ?? []
  const head =
    input.lines[0] ??
    adjustments[0] ??
    (await trx
      .from('organisations as o')
      .where('o.id', input.organisationId!)
      .select(RECIPIENT_COLUMNS)
      .firstOrFail())
  const netOre =
    input.lines.reduce((sum, line) => sum + BigInt(line.amount_ore), 0n) +
    adjustments.reduce((sum, line) => sum + BigInt(line.amount_ore), 0n) +
    carried.reduce((sum, line) => sum + BigInt(line.amount_ore), 0n)
  const totals = invoiceTotals(netOre, head.kind, vatSetting)
  const vat = totals.vatOre
  const { sequence, number } = await nextInvoiceNumber(trx, year)
  const [invoice] = await trx
    .table('invoices')
    .insert({
      number,
      year,
      sequence,
      kind: 'invoice',
      period: input.period,
      organisation_id: head.organisation_id,
      corrects_invoice_id: input.correctsInvoice?.id ?? null,
      issue_date: input.issueDate,
      due_date: dueDate,
      reference: head.invoice_reference,
      cost_centre: head.cost_centre,
      vat_rate_percent: totals.vatRatePercent,
      net_ore: String(netOre),
      vat_ore: String(vat),
      total_ore: String(totals.totalOre),
      issued_by: input.userId,
    })
    .returning('id')
  const documentLines = [
    ...input.lines.map((line) => ({
      pool_code: line.pool_code,
      description: line.pool_name,
      // printed on the Swedish invoice and stored with it: data, in the default language
      basis_text: inDefaultLanguage(
        basisMessage(
          line.basis,
          BigInt(line.weight),
          BigInt(line.total_weight),
          BigInt(line.pool_amount)
        )
      ),
      amount_ore: String(line.amount_ore),
      adjusted_period: null as string | null,
    })),
    // "Justering oktober 2026 – Telefonisttjänst", traceable to the adjusted period
    ...adjustments.map((line) => ({
      pool_code: line.pool_code,
      description: message('controlLoop.adjustments.line', {
        month: formatMonth(line.adjusted_period),
        pool: line.pool_name,
      }),
      basis_text: message('controlLoop.adjustments.basis', {
        recomputed: formatOre(BigInt(line.recomputed_ore)),
        settled: formatOre(BigInt(line.settled_ore)),
      }),
      amount_ore: String(line.amount_ore),
      adjusted_period: line.adjusted_period as string | null,
    })),
    ...carried.map((line) => ({
      pool_code: line.pool_code,
      description: line.description,
      basis_text: line.basis_text ?? '',
      amount_ore: String(line.amount_ore),
      adjusted_period: line.adjusted_period,
    })),
  ].map((line, index) => ({ position: index + 1, ...line }))
  await trx
    .table('invoice_lines')
    .multiInsert(documentLines.map((line) => ({ ...line, invoice_id: invoice.id })))
  const pdf = await storeInvoicePdf(trx, files, invoice.id, {
    kind: 'invoice',
    number,
    issueDate: input.issueDate,
    dueDate,
    period: input.period,
    issuer: issuerFromSettings(settings),
    recipient: {
      name: head.name,
      code: head.code,
      costCentre: head.cost_centre,
      reference: head.invoice_reference,
      kind: head.kind,
      orgNumber: head.org_number,
      postalStreet: head.postal_street,
      postalCode: head.postal_code,
      postalTown: head.postal_town,
      invoiceEmail: head.invoice_email,
    },
    lines: documentLines.map((line) => ({
      description: line.description,
      basisText: line.basis_text,
      amountOre: BigInt(line.amount_ore),
    })),
    netOre,
    vatOre: vat,
    vatRatePercent: totals.vatRatePercent,
    totalOre: totals.totalOre,
    paymentText: head.kind === 'bolag' ? settings.company_payment_text : settings.settlement_text,
    replaces: input.correctsInvoice?.number,
  })
  // e-mailed to the organisation by the job queue once this transaction commits (ADR 0025)
  await queueDocumentDelivery(trx, Number(invoice.id))
  return {
    number,
    organisation: head.code,
    netOre: Number(netOre),
    vatOre: Number(vat),
    totalOre: Number(totals.totalOre),
    pdf,
    lines: documentLines.map((line) => ({
      pool: line.pool_code,
      period: line.adjusted_period ?? input.period,
      amountOre: Number(line.amount_ore),
    })),
  }
}
