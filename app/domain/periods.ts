/**
 * Dates and periods in Europe/Stockholm (DOMAIN.md). A period is a calendar month
 * `YYYY-MM`; dates are ISO `YYYY-MM-DD` strings.
 */
export const TIME_ZONE = 'Europe/Stockholm'

/** Today's date in Stockholm. */
export function todayInStockholm(now: Date = new Date()) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(now)
}

/** The month (YYYY-MM) of an ISO date. */
export function monthOf(isoDate: string) {
  return isoDate.slice(0, 7)
}

/** `2026-01` → `2025-12`. */
export function previousMonth(period: string) {
  const [year, month] = period.split('-').map(Number)
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text) || text < '0001') return false
  // a day the calendar has (Date.parse takes 2026-02-30 as 2 March, PostgreSQL refuses it)
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

export function isPeriod(text: unknown): text is string {
  return typeof text === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(text)
}

/**
 * The ISO date (`YYYY-MM-DD`) of the calendar day a `Date` denotes in the process's zone —
 * a form date from VineJS (`vine.date()`), which is midnight of the day typed. The one
 * place a `Date` becomes an ISO date.
 */
export function isoDayOf(value: Date) {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}

/** The ISO date `days` calendar days after (or, negative, before) an ISO date. */
export function addDays(isoDate: string, days: number) {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/**
 * How far ahead a register snapshot may be dated: a year (a planned change is known months
 * ahead). A later date is a typo or an attack — no later snapshot could be read after it
 * (FORMATS.md: history is not rewritten), so it would lock the register.
 */
export const SNAPSHOT_DAYS_AHEAD = 366

export function isTooFarAhead(isoDate: string, today: string) {
  return isoDate > addDays(today, SNAPSHOT_DAYS_AHEAD)
}

/** The same day `years` later (or earlier): 29 February becomes 28 February in other years. */
export function addYears(isoDate: string, years: number) {
  const year = Number(isoDate.slice(0, 4)) + years
  const monthDay = isoDate.slice(5)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`
}
