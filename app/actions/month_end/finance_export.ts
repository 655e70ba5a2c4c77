/**
 * The finance export of an invoiced period (FORMATS.md "finance export"): one
 * verification per invoice — a debit on the receiving organisation's cost account and
 * cost centre, credits on the service administration's revenue account (and output VAT
 * for companies) — each summing to exactly 0. Also as SIE 4 (`#VER`/`#TRANS`), the
 * Swedish standard any accounting system imports.
 */
import iconv from 'iconv-lite'
import db from '@adonisjs/lucid/services/db'
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

export async function journalRows(
  period: string
): Promise<{ ok: true; rows: JournalRow[] } | { ok: false; error: string }> {
  const current = await db.from('periods').where('period', period).first()
  if (!current || current.status !== 'invoiced') {
    return {
      ok: false,
      error: `Perioden ${period} är inte fakturerad; exporten görs efter faktureringen.`,
    }
  }
  const settings = await getSettings()
  const invoices = await db
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.period', period)
    .orderBy('i.sequence')
    .select(
      'i.number',
      'i.kind',
      db.raw(`to_char(i.issue_date, 'YYYY-MM-DD') as issue_date`),
      'i.cost_centre',
      'i.net_ore',
      'i.vat_ore',
      'i.total_ore',
      'o.code'
    )
  const rows: JournalRow[] = []
  for (const invoice of invoices) {
    const text = `${invoice.kind === 'credit' ? 'Kreditfaktura' : 'Internfaktura'} ${invoice.number} växel ${formatMonth(period)} ${invoice.code}`
    const base = {
      verification: invoice.number,
      date: invoice.issue_date,
      activity: settings.activity_code ?? '',
      text,
    }
    rows.push({
      ...base,
      account: settings.account_cost,
      costCentre: invoice.cost_centre,
      amountOre: BigInt(invoice.total_ore),
    })
    rows.push({
      ...base,
      account: settings.account_revenue,
      costCentre: settings.issuer_cost_centre,
      amountOre: -BigInt(invoice.net_ore),
    })
    if (BigInt(invoice.vat_ore) !== 0n) {
      rows.push({
        ...base,
        account: settings.account_output_vat,
        costCentre: settings.issuer_cost_centre,
        amountOre: -BigInt(invoice.vat_ore),
      })
    }
  }
  return { ok: true, rows }
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
export async function sieFile(period: string, rows: JournalRow[]) {
  const settings = await getSettings()
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '')
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
    `#KONTO ${account(settings.account_output_vat)} ${sieString('Utgående moms 25 %')}`,
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
