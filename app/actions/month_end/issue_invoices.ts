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
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { unitPrice } from '#domain/allocate'
import { invoiceTotals, vatRateFromSetting } from '#domain/invoice_totals'
import { addDays, basisText, invoiceNumber } from '#domain/month_end'
import { todayInStockholm } from '#domain/periods'
import { getSettings } from '#services/settings'
import { printedParties, renderInvoicePdf, type InvoiceDocument } from '#services/pdf_renderer'
import { recordAudit } from '#services/audit'
import { message } from '#services/messages'
import { formatMonth, formatOre } from '#domain/formatting'
import { describeChange } from '#actions/month_end/run_allocation'
import { invoicedPoolSpecs, ownInputs } from '#queries/month_end/calculation_inputs'
import { staleness } from '#queries/month_end/staleness'
import { StorageError, transactionWithFiles, type StoredFiles } from '#services/stored_file'

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

/**
 * Render, store under storage/invoices/YYYY and attach the PDF of an issued invoice, with
 * the parties it prints (`invoices.parties`): the one stored copy the e-invoice and the
 * delivery read, whatever the register and settings say later (ADR 0025).
 */
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
    .update({
      pdf_path: stored.path,
      pdf_sha256: stored.sha256,
      parties: JSON.stringify(printedParties(document)),
    })
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

interface ShareLine {
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

/** What an invoice prints of its recipient (`organisations as o`), wherever its lines come from. */
const RECIPIENT_COLUMNS = [
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
]

/**
 * A line of a credited invoice that a replacement or a correction charges again as it was
 * printed — an adjustment of an earlier period, which the credit took back but which stays
 * settled (docs/adr/0015): without it the late input would never be charged.
 */
export interface CarriedLine {
  pool_code: string
  description: string
  basis_text: string | null
  amount_ore: string
  adjusted_period: string | null
}

/** One adjustment of an earlier invoiced period for one organisation (a line of its own). */
interface AdjustmentLine {
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
function calculationAdjustments(
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
      ...RECIPIENT_COLUMNS,
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
      ...RECIPIENT_COLUMNS,
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
    const carried = await trx
      .from('invoice_lines')
      .where('invoice_id', original.id)
      .whereNotNull('adjusted_period')
      .orderBy('position')
      .select('pool_code', 'description', 'basis_text', 'amount_ore', 'adjusted_period')
    if (lines.length === 0 && carried.length === 0)
      return { ok: false as const, error: 'Organisationen har ingen andel i periodens fördelning.' }
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
