/**
 * Month-end rules that need no database (DOMAIN.md "Counting the basis", "Period workflow").
 */
import { formatInteger } from '#domain/formatting'

export type PeriodStatus = 'draft' | 'approved' | 'invoiced'

/** Default key date (extensions) and key month (headcount): October of the previous year. */
export function defaultKeys(period: string) {
  const year = Number(period.slice(0, 4)) - 1
  return { keyDate: `${year}-10-31`, keyMonth: `${year}-10` }
}

export function firstDayOf(period: string) {
  return `${period}-01`
}

/** `123 anknytningar × 45,6789 kr` — the basis text on an invoice line. */
export function basisText(basis: 'extensions' | 'headcount', weight: bigint, unitPriceKr: string) {
  const noun =
    basis === 'extensions'
      ? weight === 1n
        ? 'anknytning'
        : 'anknytningar'
      : weight === 1n
        ? 'anställd'
        : 'anställda'
  return `${formatInteger(weight)} ${noun} × ${unitPriceKr} kr`
}

/** Invoice numbers per calendar year: `2026-00001`. */
export function invoiceNumber(year: number, sequence: number) {
  return `${year}-${String(sequence).padStart(5, '0')}`
}

export function addDays(isoDate: string, days: number) {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}
