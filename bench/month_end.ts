/**
 * Benchmark: the month-end for 400 organisations and 60 000 extensions — allocation of
 * the three pools, approval, 400 invoices with their PDFs (rendered, stored, checksummed)
 * and the finance export — timed inside one booted app, on a fresh database per run.
 * The previous month (2026-09) is invoiced first, untimed; then a late supplementary
 * supplier invoice for it arrives, so the timed run of 2026-10 also recomputes
 * September and carries its adjustments onto the 400 invoices (issue 13).
 *
 * Its floor, measured in the same run (issue 18): the same 400 documents — read back from
 * what the run stored, so the same content, fonts and layout — rendered by pdfkit alone
 * (`renderInvoicePdf` in memory, one after the other: no database, no file, no checksum).
 * The ratio month-end / pdfkit alone is the figure that counts on a machine whose speed
 * varies by ±40 % within an hour.
 *
 *   npm run bench:month-end -- [RUNS=5]
 */
import { rm } from 'node:fs/promises'
import pg from 'pg'
import { benchDatabase, bootApp, useBenchDatabase } from './bench_database.js'

const runs = Number(process.argv[2] ?? 5)
const database = await benchDatabase()
useBenchDatabase(database)
process.env.STORAGE_PATH = 'tmp/bench/storage'

async function freshDatabase() {
  await database.fresh()
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  await client.query(`
    INSERT INTO organisations (code, name, kind, cost_centre, invoice_reference, active_from, created_at, updated_at)
    SELECT 'ORG-' || lpad(i::text, 3, '0'), 'Organisation ' || i, CASE WHEN i % 4 = 0 THEN 'bolag' ELSE 'forvaltning' END,
           (10000 + i)::text, 'Ref ' || i, '2009-01-01', now(), now()
      FROM generate_series(1, 400) i`)
  await client.query(`
    INSERT INTO extensions (number, organisation_id, name, valid_from)
    SELECT '08508' || lpad(n::text, 6, '0'), (SELECT id FROM organisations ORDER BY id OFFSET (n % 400) LIMIT 1), 'Linje ' || n, '2025-01-01'
      FROM generate_series(1, 60000) n`)
  await client.query(
    `INSERT INTO headcounts (organisation_id, month, employees) SELECT id, '2025-10', 50 + (id * 37) % 3000 FROM organisations`
  )
  await client.query(
    `INSERT INTO supplier_invoices (invoice_number, invoice_date, period, net_ore, content_hash) VALUES ('LF-B', '2026-11-05', '2026-10', 41143750, 'x'), ('LF-A', '2026-10-05', '2026-09', 40987650, 'y')`
  )
  await client.query(
    `INSERT INTO cost_entries (period, cost_pool_id, amount_ore, text, line_number) SELECT p, id, 6375050, 'E-tjänst', 2 FROM cost_pools, unnest(ARRAY['2026-09', '2026-10']) p WHERE code = 'ETJANST'`
  )
  await client.end()
}

const app = await bootApp()
await import('#start/env')
// modules that use the app's services (i18n, drive) are imported once it is booted
const { storagePath } = await import('#services/storage')
const { inDefaultLanguage } = await import('#services/messages')
const { renderInvoicePdf } = await import('#services/pdf_renderer')
const { runAllocation, setPeriodApproval } = await import('#actions/month_end/run_allocation')
const { issueInvoices } = await import('#actions/month_end/issue_invoices')
const { journalRows, journalCsv, sieFile } = await import('#actions/month_end/finance_export')
const { default: db } = await import('@adonisjs/lucid/services/db')

type InvoiceDocument = Parameters<typeof renderInvoicePdf>[0]

/** The documents a period's invoices printed, as stored: number, dates, parties, lines, totals. */
async function printedDocuments(period: string): Promise<InvoiceDocument[]> {
  const invoices = await db
    .from('invoices')
    .where('period', period)
    .where('kind', 'invoice')
    .orderBy('sequence')
  const lines = await db
    .from('invoice_lines')
    .whereIn(
      'invoice_id',
      invoices.map((invoice) => invoice.id)
    )
    .orderBy(['invoice_id', 'position'])
  const byInvoice = new Map<string, typeof lines>()
  for (const line of lines)
    byInvoice.set(String(line.invoice_id), [
      ...(byInvoice.get(String(line.invoice_id)) ?? []),
      line,
    ])
  const day = (value: Date | string) =>
    typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10)
  return invoices.map((invoice) => ({
    kind: 'invoice' as const,
    number: invoice.number,
    issueDate: day(invoice.issue_date),
    dueDate: day(invoice.due_date),
    period: invoice.period,
    issuer: invoice.parties.issuer,
    recipient: invoice.parties.recipient,
    paymentText: invoice.parties.paymentText,
    lines: (byInvoice.get(String(invoice.id)) ?? []).map((line) => ({
      description: line.description,
      basisText: line.basis_text,
      amountOre: BigInt(line.amount_ore),
    })),
    netOre: BigInt(invoice.net_ore),
    vatOre: BigInt(invoice.vat_ore),
    vatRatePercent: invoice.vat_rate_percent,
    totalOre: BigInt(invoice.total_ore),
  }))
}

const totals: number[] = []
const floors: number[] = []
const ratios: number[] = []
const parts: Record<string, number[]> = { allocation: [], invoices: [], export: [] }
for (let run = 1; run <= runs; run++) {
  await db.manager.closeAll()
  await freshDatabase()
  await rm(storagePath('invoices'), { recursive: true, force: true })
  // the previous month invoiced (untimed), then its late supplementary invoice arrives
  const september = await runAllocation('2026-09', null)
  if (!september.ok) throw new Error('2026-09')
  await setPeriodApproval('2026-09', true, null)
  const septemberInvoices = await issueInvoices('2026-09', null)
  if (!septemberInvoices.ok) throw new Error('2026-09 invoices')
  await db.table('supplier_invoices').insert({
    invoice_number: 'LF-A2',
    invoice_date: '2026-11-02',
    period: '2026-09',
    net_ore: 1234567,
    content_hash: 'z',
  })
  const started = performance.now()
  const allocation = await runAllocation('2026-10', null)
  if (!allocation.ok) throw new Error(allocation.errors.join(' '))
  const adjusted = allocation.adjustments.find((adjustment) => adjustment.period === '2026-09')
  if (!adjusted || adjusted.amountOre !== 1234567 || adjusted.shares.length !== 400)
    throw new Error(`no adjustment of 2026-09: ${JSON.stringify(allocation.adjustments)}`)
  await setPeriodApproval('2026-10', true, null)
  const afterAllocation = performance.now()
  const issued = await issueInvoices('2026-10', null)
  if (!issued.ok || issued.invoices.length !== 400)
    throw new Error(
      `issued ${issued.ok ? issued.invoices.length : inDefaultLanguage(issued.error)}`
    )
  const afterInvoices = performance.now()
  const journal = await journalRows('2026-10')
  if (!journal.ok) throw new Error(inDefaultLanguage(journal.error))
  journalCsv(journal.rows)
  await sieFile('2026-10', journal.rows)
  const done = performance.now()
  totals.push((done - started) / 1000)
  parts.allocation.push((afterAllocation - started) / 1000)
  parts.invoices.push((afterInvoices - afterAllocation) / 1000)
  parts.export.push((done - afterInvoices) / 1000)

  // the floor: the same 400 documents rendered by pdfkit alone, in this run
  const documents = await printedDocuments('2026-10')
  if (documents.length !== 400) throw new Error(`${documents.length} dokument`)
  const floorStarted = performance.now()
  let bytes = 0
  for (const document of documents) {
    const pdf = await renderInvoicePdf(document)
    bytes += pdf.length
  }
  floors.push((performance.now() - floorStarted) / 1000)
  ratios.push(totals.at(-1)! / floors.at(-1)!)
  console.log(
    `körning ${run}: ${totals.at(-1)!.toFixed(2)} s (fördelning ${parts.allocation.at(-1)!.toFixed(2)}, 400 fakturor med PDF ${parts.invoices.at(-1)!.toFixed(2)}, export ${parts.export.at(-1)!.toFixed(2)}); pdfkit ensamt ${floors.at(-1)!.toFixed(2)} s (${(bytes / 1024).toFixed(0)} kB): ${ratios.at(-1)!.toFixed(2)} ×`
  )
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
console.log(
  `\n400 organisationer, 60 000 anknytningar, sent underlag för 2026-09, median av ${runs}: ${median(totals).toFixed(2)} s (mål < 3 s)`
)
console.log(
  `  fördelning + godkännande ${median(parts.allocation).toFixed(2)} s, fakturor + PDF ${median(parts.invoices).toFixed(2)} s, export ${median(parts.export).toFixed(2)} s`
)
console.log(
  `  pdfkit ensamt, samma 400 PDF:er: ${median(floors).toFixed(2)} s; kvot bokslut / pdfkit ensamt, median av ${runs}: ${median(ratios).toFixed(2)} × (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; mål ≤ 2 ×)`
)
await app.terminate()
await database.stop()
