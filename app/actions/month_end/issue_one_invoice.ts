/**
 * One invoice of a period, the shared part of issuing, correcting and crediting: the next
 * number of the gapless series (`UPDATE invoice_series … RETURNING` inside the issuing
 * transaction: the row lock makes concurrent issuers wait for each other, a rolled back
 * transaction gives its numbers back), the lines from the approved shares and carried
 * adjustments, the totals (app/domain/invoice_totals.ts), and the PDF stored with its
 * SHA-256 before the transaction commits (app/services/stored_file.ts).
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { unitPrice } from '#domain/allocate'
import { invoiceTotals, vatRateFromSetting } from '#domain/invoice_totals'
import { addDays, basisText, invoiceNumber } from '#domain/month_end'
import { getSettings } from '#services/settings'
import { renderInvoicePdf, type InvoiceDocument } from '#services/pdf_renderer'
import { message } from '#services/messages'
import { formatMonth, formatOre } from '#domain/formatting'
import { StorageError, type StoredFiles } from '#services/stored_file'

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

export type IssueInvoicesResult =
  | { ok: true; period: string; alreadyInvoiced: boolean; invoices: IssuedInvoice[] }
  | { ok: false; period: string; error: string }

/** Take the next number of the year's series (locks the series row until commit). */
export async function nextInvoiceNumber(trx: TransactionClientContract, year: number) {
  await trx.rawQuery('INSERT INTO invoice_series (year) VALUES (?) ON CONFLICT (year) DO NOTHING', [
    year,
  ])
  const result = await trx.rawQuery(
    'UPDATE invoice_series SET last_number = last_number + 1 WHERE year = ? RETURNING last_number',
    [year]
  )
  const sequence = result.rows[0].last_number as number
  return { sequence, number: invoiceNumber(year, sequence) }
}

/** Render, store under storage/invoices/YYYY and attach the PDF of an issued invoice. */
export async function storeInvoicePdf(
  trx: TransactionClientContract,
  files: StoredFiles,
  invoiceId: number,
  document: InvoiceDocument
) {
  const pdf = await renderInvoicePdf(document)
  const stored = await files.write(
    `invoices/${document.number.slice(0, 4)}`,
    document.number,
    'pdf',
    pdf
  )
  await trx
    .from('invoices')
    .where('id', invoiceId)
    .update({ pdf_path: stored.path, pdf_sha256: stored.sha256 })
  return stored.path
}

/** A refusal for storage that could not be written; other failures are thrown on. */
export function storageRefusal(error: unknown, outcomeKey: string) {
  if (!(error instanceof StorageError)) throw error
  return `${error.userMessage} ${message(outcomeKey)}`
}

export async function existingInvoices(period: string, trx?: TransactionClientContract) {
  const rows = await (trx ?? db)
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.period', period)
    .orderBy('i.sequence')
    .select('i.id', 'i.number', 'o.code', 'i.net_ore', 'i.vat_ore', 'i.total_ore', 'i.pdf_path')
  const lines = await (trx ?? db)
    .from('invoice_lines')
    .whereIn(
      'invoice_id',
      rows.map((row) => row.id)
    )
    .orderBy(['invoice_id', 'position'])
    .select('invoice_id', 'pool_code', 'adjusted_period', 'amount_ore')
  return rows.map((row) => ({
    number: row.number,
    organisation: row.code,
    netOre: Number(row.net_ore),
    vatOre: Number(row.vat_ore),
    totalOre: Number(row.total_ore),
    pdf: row.pdf_path,
    lines: lines
      .filter((line) => line.invoice_id === row.id)
      .map((line) => ({
        pool: line.pool_code,
        period: line.adjusted_period ?? period,
        amountOre: Number(line.amount_ore),
      })),
  }))
}

export interface ShareLine {
  organisation_id: number
  code: string
  name: string
  kind: 'forvaltning' | 'bolag'
  cost_centre: string
  invoice_reference: string
  org_number: string | null
  postal_street: string | null
  postal_code: string | null
  postal_town: string | null
  invoice_email: string | null
  pool_code: string
  pool_name: string
  basis: 'extensions' | 'headcount'
  pool_amount: string
  total_weight: string
  weight: string
  amount_ore: string
}

/** One adjustment of an earlier invoiced period for one organisation (a line of its own). */
export interface AdjustmentLine {
  organisation_id: number
  code: string
  name: string
  kind: 'forvaltning' | 'bolag'
  cost_centre: string
  invoice_reference: string
  org_number: string | null
  postal_street: string | null
  postal_code: string | null
  postal_town: string | null
  invoice_email: string | null
  pool_code: string
  pool_name: string
  adjusted_period: string
  settled_ore: string
  recomputed_ore: string
  amount_ore: string
}

/** The adjustments a calculation carries, per organisation and adjusted period and pool. */
export function calculationAdjustments(
  trx: TransactionClientContract,
  calculationId: number
): Promise<AdjustmentLine[]> {
  return trx
    .from('allocation_adjustment_shares as x')
    .join('allocation_adjustments as j', 'j.id', 'x.adjustment_id')
    .join('cost_pools as p', 'p.id', 'j.cost_pool_id')
    .join('organisations as o', 'o.id', 'x.organisation_id')
    .where('j.calculation_id', calculationId)
    .whereNot('x.amount_ore', 0)
    .orderBy(['o.code', 'j.adjusted_period', 'p.id'])
    .select(
      'o.id as organisation_id',
      'o.code',
      'o.name',
      'o.kind',
      'o.cost_centre',
      'o.invoice_reference',
      'o.org_number',
      'o.postal_street',
      'o.postal_code',
      'o.postal_town',
      'o.invoice_email',
      'p.code as pool_code',
      'p.name as pool_name',
      'j.adjusted_period',
      'x.settled_ore',
      'x.recomputed_ore',
      'x.amount_ore'
    )
}

/** The non-zero shares of a period's allocation, per organisation and pool. */
export function periodShares(
  trx: TransactionClientContract,
  period: string,
  organisationId?: number
): Promise<ShareLine[]> {
  return trx
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .join('cost_pools as p', 'p.id', 'a.cost_pool_id')
    .join('organisations as o', 'o.id', 's.organisation_id')
    .where('a.period', period)
    .whereNot('s.amount_ore', 0)
    .if(organisationId, (q) => q.where('o.id', organisationId!))
    .orderBy(['o.code', 'p.id'])
    .select(
      'o.id as organisation_id',
      'o.code',
      'o.name',
      'o.kind',
      'o.cost_centre',
      'o.invoice_reference',
      'o.org_number',
      'o.postal_street',
      'o.postal_code',
      'o.postal_town',
      'o.invoice_email',
      'p.code as pool_code',
      'p.name as pool_name',
      'a.basis',
      'a.amount_ore as pool_amount',
      'a.total_weight',
      's.weight',
      's.amount_ore'
    )
}

/** Number, store and render one organisation's invoice for a period. */
export async function issueOne(
  trx: TransactionClientContract,
  files: StoredFiles,
  input: {
    period: string
    lines: ShareLine[]
    adjustments?: AdjustmentLine[]
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
  const head = input.lines[0] ?? adjustments[0]
  const netOre =
    input.lines.reduce((sum, line) => sum + BigInt(line.amount_ore), 0n) +
    adjustments.reduce((sum, line) => sum + BigInt(line.amount_ore), 0n)
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
      basis_text: basisText(
        line.basis,
        BigInt(line.weight),
        unitPrice(BigInt(line.pool_amount), BigInt(line.total_weight))
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
    issuer: {
      name: settings.issuer_name,
      address: settings.issuer_address,
      orgNumber: settings.issuer_org_number,
      vatNumber: settings.issuer_vat_number,
    },
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
