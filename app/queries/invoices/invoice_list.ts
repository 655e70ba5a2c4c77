/**
 * The invoices list with its filters, status and totals (issue 15 point 4, docs/adr/0024).
 * An invoice's status: open (no line credited), partly credited, credited (every line), or
 * replaced (credited and a corrected invoice issued for it); a credit note is its own kind.
 */
import db from '@adonisjs/lucid/services/db'
import { listInvoices } from '#queries/month_end/period_overview'
import type { InvoiceFilter } from '#validators/period_views'
import type { InvoiceParties } from '#domain/invoice_document'
import { ublRefusalOf } from '#queries/invoices/ubl_document'

const CREDITED_LINES = `(SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id
  AND EXISTS (SELECT 1 FROM invoice_lines c WHERE c.credits_line_id = l.id))`
const ALL_LINES = `(SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id)`
const REPLACED = `EXISTS (SELECT 1 FROM invoices x WHERE x.corrects_invoice_id = i.id)`

const STATUS_SQL = `CASE WHEN i.kind = 'credit' THEN 'creditNote'
  WHEN ${REPLACED} THEN 'replaced'
  WHEN ${CREDITED_LINES} = 0 THEN 'open'
  WHEN ${CREDITED_LINES} < ${ALL_LINES} THEN 'partlyCredited'
  ELSE 'credited' END`

export async function invoiceList(organisationId: number | null, filter: InvoiceFilter) {
  const query = listInvoices({ organisationId, period: filter.period })
    .select(db.raw(`${STATUS_SQL} AS status`), 'i.parties')
    .if(filter.kind, (q) => q.where('i.kind', filter.kind!))
    .if(filter.status, (q) => q.whereRaw(`${STATUS_SQL} = ?`, [filter.status!]))
  // a company's e-invoice: why it cannot be made, instead of a link that would be refused
  const rows = await query
  const invoices = rows.map(({ parties, ...invoice }) => ({
    ...invoice,
    ublRefusal:
      invoice.organisation_kind === 'bolag' ? ublRefusalOf(parties as InvoiceParties | null) : null,
  }))
  let netOre = 0n
  let vatOre = 0n
  let totalOre = 0n
  for (const invoice of invoices) {
    netOre += BigInt(invoice.net_ore)
    vatOre += BigInt(invoice.vat_ore)
    totalOre += BigInt(invoice.total_ore)
  }
  // what the list is called (DOMAIN.md "Who is invoiced"): an administration's invoices are
  // *internfakturor*; a company's are *fakturor*, and so is the office's list of both — the
  // menu's word
  const organisation = organisationId
    ? await db.from('organisations').where('id', organisationId).select('kind').first()
    : null
  const titleKey = organisation && organisation.kind !== 'bolag' ? 'invoices.title' : 'nav.invoices'
  const periods = await db
    .from('invoices')
    .if(organisationId, (q) => q.where('organisation_id', organisationId!))
    .distinct('period')
    .orderBy('period', 'desc')
  return {
    invoices,
    totals: { netOre, vatOre, totalOre, count: invoices.length },
    periods: periods.map((row) => row.period as string),
    titleKey,
  }
}

/** One invoice with its organisation and lines, each line credited or not (the credit page). */
export async function invoiceForCredit(id: number) {
  const invoice = await db
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.id', id)
    .select(
      'i.id',
      'i.number',
      'i.kind',
      'i.period',
      'i.organisation_id',
      'o.code',
      'o.name',
      'i.net_ore',
      'i.vat_ore',
      'i.total_ore',
      'i.vat_rate_percent',
      db.raw(`to_char(i.issue_date, 'YYYY-MM-DD') as issue_date`),
      db.raw(`${STATUS_SQL} AS status`)
    )
    .first()
  if (!invoice) return null
  const lines = await db
    .from('invoice_lines as l')
    .where('l.invoice_id', id)
    .orderBy('l.position')
    .select(
      'l.position',
      'l.pool_code',
      'l.description',
      'l.basis_text',
      'l.amount_ore',
      db.raw('EXISTS (SELECT 1 FROM invoice_lines c WHERE c.credits_line_id = l.id) AS credited')
    )
  return { invoice, lines }
}
