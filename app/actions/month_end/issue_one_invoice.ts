/**
 * One organisation's invoice for a period: its share lines, the adjustments of earlier
 * periods and the lines carried from a credited invoice, numbered from the year's series,
 * stored with its lines and its PDF inside the caller's transaction.
 *
 * A month's invoices are issued as one batch (issue 18): the numbers in one statement, the
 * PDFs rendered and written while the previous ones reach the disk, then the invoices,
 * their lines and their deliveries in a few multi-row statements — the same rows, numbers
 * and documents as one at a time, in a handful of round trips instead of ten per invoice.
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
  storeInvoicePdfs,
  takeInvoiceNumbers,
} from '#actions/month_end/invoice_numbering'
import { printedParties, type InvoiceDocument } from '#domain/invoice_document'
import { queueDocumentDeliveries } from '#actions/deliveries/queue_document_delivery'
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

/** What one invoice of a batch is made of. */
export interface InvoiceToIssue {
  lines: ShareLine[]
  adjustments?: AdjustmentLine[]
  /** lines charged again as printed, for the organisation `organisationId` */
  carried?: CarriedLine[]
  organisationId?: number
  correctsInvoice?: { id: number; number: string }
}

/** Number, store and render one organisation's invoice for a period. */
export async function issueOne(
  trx: TransactionClientContract,
  files: StoredFiles,
  input: InvoiceToIssue & { period: string; issueDate: string; userId: number | null }
): Promise<IssuedInvoice> {
  const [issued] = await issueInvoiceBatch(trx, files, input, [input])
  return issued
}

/** Rows written per statement: well under PostgreSQL's 65 535 parameters. */
const ROWS_PER_INSERT = 500

function chunks<T>(rows: T[]) {
  const result: T[][] = []
  for (let index = 0; index < rows.length; index += ROWS_PER_INSERT)
    result.push(rows.slice(index, index + ROWS_PER_INSERT))
  return result
}

/**
 * Number, render, store and record the invoices of one period and issue date, numbered in
 * the order given (gapless: the numbers are taken together, and given back together by a
 * rollback).
 */
export async function issueInvoiceBatch(
  trx: TransactionClientContract,
  files: StoredFiles,
  common: { period: string; issueDate: string; userId: number | null },
  items: InvoiceToIssue[]
): Promise<IssuedInvoice[]> {
  if (items.length === 0) return []
  const settings = await getSettings(trx)
  const vatSetting = vatRateFromSetting(settings.vat_rate_percent)
  const dueDate = addDays(common.issueDate, Number(settings.payment_days ?? 30))
  const year = Number(common.issueDate.slice(0, 4))
  const issuer = issuerFromSettings(settings)
  const numbers = await takeInvoiceNumbers(trx, year, items.length)
  const invoices = []
  for (const [index, input] of items.entries()) {
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
    const { sequence, number } = numbers[index]
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
    ].map((line, position) => ({ position: position + 1, ...line }))
    const document: InvoiceDocument = {
      kind: 'invoice',
      number,
      issueDate: common.issueDate,
      dueDate,
      period: common.period,
      issuer,
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
      vatOre: totals.vatOre,
      vatRatePercent: totals.vatRatePercent,
      totalOre: totals.totalOre,
      paymentText: head.kind === 'bolag' ? settings.company_payment_text : settings.settlement_text,
      replaces: input.correctsInvoice?.number,
    }
    invoices.push({ input, head, sequence, number, netOre, totals, documentLines, document })
  }

  // the PDFs first (stored under names of their own, removed again if this transaction fails),
  // so each invoice row is written once, with its PDF, its checksum and the parties it prints
  const pdfs = await storeInvoicePdfs(
    files,
    invoices.map((invoice) => invoice.document)
  )
  const ids = new Map<string, number>()
  for (const rows of chunks(invoices.map((invoice, index) => ({ invoice, pdf: pdfs[index] })))) {
    const inserted = await trx
      .table('invoices')
      .multiInsert(
        rows.map(({ invoice, pdf }) => ({
          number: invoice.number,
          year,
          sequence: invoice.sequence,
          kind: 'invoice',
          period: common.period,
          organisation_id: invoice.head.organisation_id,
          corrects_invoice_id: invoice.input.correctsInvoice?.id ?? null,
          issue_date: common.issueDate,
          due_date: dueDate,
          reference: invoice.head.invoice_reference,
          cost_centre: invoice.head.cost_centre,
          vat_rate_percent: invoice.totals.vatRatePercent,
          net_ore: String(invoice.netOre),
          vat_ore: String(invoice.totals.vatOre),
          total_ore: String(invoice.totals.totalOre),
          issued_by: common.userId,
          pdf_path: pdf.path,
          pdf_sha256: pdf.sha256,
          parties: JSON.stringify(printedParties(invoice.document)),
        }))
      )
      .returning(['id', 'number'])
    for (const row of inserted) ids.set(row.number, Number(row.id))
  }
  const lineRows = invoices.flatMap((invoice) =>
    invoice.documentLines.map((line) => ({ ...line, invoice_id: ids.get(invoice.number)! }))
  )
  for (const rows of chunks(lineRows)) await trx.table('invoice_lines').multiInsert(rows)
  // e-mailed to the organisation by the job queue once this transaction commits (ADR 0025)
  await queueDocumentDeliveries(
    trx,
    invoices.map((invoice) => ids.get(invoice.number)!)
  )
  return invoices.map((invoice, index) => ({
    number: invoice.number,
    organisation: invoice.head.code,
    netOre: Number(invoice.netOre),
    vatOre: Number(invoice.totals.vatOre),
    totalOre: Number(invoice.totals.totalOre),
    pdf: pdfs[index].path,
    lines: invoice.documentLines.map((line) => ({
      pool: line.pool_code,
      period: line.adjusted_period ?? common.period,
      amountOre: Number(line.amount_ore),
    })),
  }))
}
