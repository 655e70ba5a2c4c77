/**
 * The finance export of an invoiced period (FORMATS.md "finance export"): one
 * verification per invoice — a debit on the receiving organisation's cost account and
 * cost centre, credits on the service administration's revenue account (and output VAT
 * for companies) — each summing to exactly 0. Also as SIE 4 (`#VER`/`#TRANS`), the
 * Swedish standard any accounting system imports.
 */
import { coded, type CodedMessage } from '#domain/coded_message'
import { vatRateFromSetting } from '#domain/invoice_totals'
import iconv from 'iconv-lite'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { getSettings } from '#services/settings'
import { toCsv } from '#services/csv_writer'
import { formatMonth, formatOre } from '#domain/formatting'
import { sieAmount, sieNumber, sieString } from '#domain/sie'

export interface JournalRow {
  verification: string
  date: string
  account: string
  costCentre: string
  activity: string
  amountOre: bigint
  text: string
}

/** An issued invoice or credit note as the finance export reads it. */
export interface VerificationSource {
  id: number
  number: string
  kind: 'invoice' | 'credit'
  period: string
  issueDate: string
  costCentre: string
  netOre: bigint
  vatOre: bigint
  totalOre: bigint
  organisationCode: string
  organisationKind: string
  lines: { description: string; amountOre: bigint }[]
}

/**
 * Issued invoices and credit notes with their stored lines, in number order. Every
 * verification is built from what was issued (`invoices`, `invoice_lines`), never from the
 * allocation: a line added to an invoice (an adjustment of an earlier period) reaches the
 * ledger as it was printed.
 */
export async function verificationSources(
  filter: (query: any) => any,
  client: QueryClientContract = db.connection()
): Promise<VerificationSource[]> {
  const invoices = await filter(
    client
      .from('invoices as i')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .orderBy(['i.year', 'i.sequence'])
      .select(
        'i.id',
        'i.number',
        'i.kind',
        'i.period',
        client.raw(`to_char(i.issue_date, 'YYYY-MM-DD') as issue_date`),
        'i.cost_centre',
        'i.net_ore',
        'i.vat_ore',
        'i.total_ore',
        'o.code',
        'o.kind as organisation_kind'
      )
  )
  const ids = invoices.map((invoice: { id: number }) => invoice.id)
  const lines =
    ids.length === 0
      ? []
      : await client
          .from('invoice_lines')
          .whereIn('invoice_id', ids)
          .orderBy(['invoice_id', 'position'])
          .select('invoice_id', 'description', 'amount_ore')
  const byInvoice = new Map<string, { description: string; amountOre: bigint }[]>()
  for (const line of lines) {
    const key = String(line.invoice_id)
    byInvoice.set(key, [
      ...(byInvoice.get(key) ?? []),
      { description: line.description, amountOre: BigInt(line.amount_ore) },
    ])
  }
  return invoices.map((invoice: Record<string, any>) => ({
    id: Number(invoice.id),
    number: invoice.number,
    kind: invoice.kind,
    period: invoice.period,
    issueDate: invoice.issue_date,
    costCentre: invoice.cost_centre,
    netOre: BigInt(invoice.net_ore),
    vatOre: BigInt(invoice.vat_ore),
    totalOre: BigInt(invoice.total_ore),
    organisationCode: invoice.code,
    organisationKind: invoice.organisation_kind,
    lines: byInvoice.get(String(invoice.id)) ?? [],
  }))
}

/** The name of the document a verification is: Kreditfaktura, Faktura (company) or Internfaktura. */
export function documentName(kind: string, organisationKind: string) {
  return kind === 'credit'
    ? 'Kreditfaktura'
    : organisationKind === 'bolag'
      ? 'Faktura'
      : 'Internfaktura'
}

/**
 * The journal rows of verifications: one debit of the total on the receiving
 * organisation's cost account and cost centre, one credit per invoice line on the
 * service administration's revenue account, and the output VAT — summing to exactly 0
 * because the lines sum to the net (checked when issuing).
 */
export function verificationRows(
  sources: VerificationSource[],
  settings: Record<string, string>
): JournalRow[] {
  const rows: JournalRow[] = []
  for (const invoice of sources) {
    const text = `${documentName(invoice.kind, invoice.organisationKind)} ${invoice.number} växel ${formatMonth(invoice.period)} ${invoice.organisationCode}`
    const base = {
      verification: invoice.number,
      date: invoice.issueDate,
      activity: settings.activity_code ?? '',
    }
    rows.push({
      ...base,
      text,
      account: settings.account_cost,
      costCentre: invoice.costCentre,
      amountOre: invoice.totalOre,
    })
    const lineSum = invoice.lines.reduce((sum, line) => sum + line.amountOre, 0n)
    // an invoice whose lines do not add up to its net is never booked line by line
    const revenue =
      lineSum === invoice.netOre && invoice.lines.length > 0
        ? invoice.lines
        : [{ description: '', amountOre: invoice.netOre }]
    for (const line of revenue) {
      if (line.amountOre === 0n) continue
      rows.push({
        ...base,
        text: line.description ? `${text}: ${line.description}` : text,
        account: settings.account_revenue,
        costCentre: settings.issuer_cost_centre,
        amountOre: -line.amountOre,
      })
    }
    if (invoice.vatOre !== 0n) {
      rows.push({
        ...base,
        text,
        account: settings.account_output_vat,
        costCentre: settings.issuer_cost_centre,
        amountOre: -invoice.vatOre,
      })
    }
  }
  return rows
}

/** The period report: every verification of an invoiced period, for reading (no batch). */
export async function journalRows(
  period: string
): Promise<{ ok: true; rows: JournalRow[] } | { ok: false; error: CodedMessage }> {
  const current = await db.from('periods').where('period', period).first()
  if (!current || current.status !== 'invoiced') {
    return {
      ok: false,
      error: coded('monthEnd.refusals.exportNotInvoiced', { period }),
    }
  }
  const settings = await getSettings()
  const sources = await verificationSources((query) => query.where('i.period', period))
  return { ok: true, rows: verificationRows(sources, settings) }
}

/**
 * The journal CSV: UTF-8 with BOM, `;`, decimal comma (no thousands separator). Written by
 * the one CSV writer, so a text cell that starts like a formula gets a leading `'`: the
 * controller opens this file in Excel before the finance system reads it. Amounts are
 * numbers and stay untouched; accounts, activity codes and invoice numbers are digits, and
 * the texts start with a letter, so only a cost centre that itself starts with = + - @
 * would change — and then the finance system refuses an unknown cost centre instead of
 * booking a formula (docs/adr/0011).
 */
export function journalCsv(rows: JournalRow[]) {
  return toCsv(
    ['Verifikation', 'Datum', 'Konto', 'Ansvar', 'Verksamhet', 'Belopp', 'Text'],
    rows.map((row) => [
      row.verification,
      row.date,
      row.account,
      row.costCentre,
      row.activity,
      formatOre(row.amountOre, { unit: false }).replace(/\u00a0/g, ''),
      row.text,
    ])
  )
}

/** SIE 4 (type 4 = verifications), PC8 (code page 437) as the standard prescribes. */
export async function sieFile(
  period: string,
  rows: JournalRow[],
  client: QueryClientContract = db.connection()
) {
  const settings = await getSettings(client)
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '')
  // a period (ÅÅÅÅ-MM) or a year: the fiscal year of #RAR 0
  const year = period.slice(0, 4)
  const account = (value: string) => sieNumber(value, 'account')
  const lines = [
    '#FLAGGA 0',
    '#FORMAT PC8',
    '#SIETYP 4',
    `#PROGRAM ${sieString('Växelnavet')} 0.1`,
    `#GEN ${today}`,
    `#FNAMN ${sieString(settings.issuer_name)}`,
    `#ORGNR ${sieNumber(settings.issuer_org_number, 'orgnr')}`,
    `#RAR 0 ${year}0101 ${year}1231`,
    `#KONTO ${account(settings.account_cost)} ${sieString('Kostnad gemensam växel')}`,
    `#KONTO ${account(settings.account_revenue)} ${sieString('Intäkt intern växeltjänst')}`,
    `#KONTO ${account(settings.account_output_vat)} ${sieString(`Utgående moms ${vatRateFromSetting(settings.vat_rate_percent)} %`)}`,
    `#DIM 1 ${sieString('Ansvar')}`,
  ]
  for (const costCentre of [...new Set(rows.map((row) => row.costCentre))].sort()) {
    lines.push(`#OBJEKT 1 ${sieString(costCentre)} ${sieString(costCentre)}`)
  }
  const byVerification = new Map<string, JournalRow[]>()
  for (const row of rows)
    byVerification.set(row.verification, [...(byVerification.get(row.verification) ?? []), row])
  for (const [number, transactions] of byVerification) {
    const head = transactions[0]
    lines.push(
      `#VER ${sieString('')} ${sieString(number)} ${head.date.replace(/-/g, '')} ${sieString(head.text)}`
    )
    lines.push('{')
    for (const row of transactions) {
      lines.push(
        `   #TRANS ${account(row.account)} {1 ${sieString(row.costCentre)}} ${sieAmount(row.amountOre)}`
      )
    }
    lines.push('}')
  }
  return iconv.encode(lines.join('\r\n') + '\r\n', 'cp437')
}
