/**
 * Date ranges of the quality and report pages (issue 17 points 3–4, docs/adr/0030): both
 * ends included, Stockholm calendar days, ISO `YYYY-MM-DD`.
 *
 * Presets, relative to today: yesterday; last week (Monday–Sunday before this week); last
 * month; this tertial (its first day up to today; tertials are January–April, May–August,
 * September–December); this year (1 January up to today). "Same period last year" moves a
 * range back one year: 29 February becomes 28 February.
 *
 * The tertial *reports* are cumulative, as the city reports: T1 January–April, T2
 * January–August, T3 the full year (the annual report).
 */
import { addDays, isIsoDate } from '#domain/periods'

export interface DateRange {
  from: string
  to: string
}

export const RANGE_PRESETS = ['igar', 'forra-veckan', 'forra-manaden', 'tertial', 'i-ar'] as const
export type RangePreset = (typeof RANGE_PRESETS)[number]

/** The longest range a page or command takes (ten years and a leap day or three). */
export const MAX_RANGE_DAYS = 3653

const pad = (n: number) => String(n).padStart(2, '0')

/** ISO weekday 1 (Monday) … 7 (Sunday) of an ISO date. */
export function isoWeekday(day: string) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return weekday === 0 ? 7 : weekday
}

/** The last day of a month. */
export function lastDayOfMonth(year: number, month: number) {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`
}

/** The tertial (1–3) an ISO date falls in. */
export function tertialOf(day: string) {
  return Math.ceil(Number(day.slice(5, 7)) / 4) as 1 | 2 | 3
}

export function presetRange(preset: RangePreset, today: string): DateRange {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  switch (preset) {
    case 'igar': {
      const day = addDays(today, -1)
      return { from: day, to: day }
    }
    case 'forra-veckan': {
      const monday = addDays(today, 1 - isoWeekday(today) - 7)
      return { from: monday, to: addDays(monday, 6) }
    }
    case 'forra-manaden': {
      const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1]
      return { from: `${y}-${pad(m)}-01`, to: lastDayOfMonth(y, m) }
    }
    case 'tertial':
      return { from: `${year}-${pad((tertialOf(today) - 1) * 4 + 1)}-01`, to: today }
    case 'i-ar':
      return { from: `${year}-01-01`, to: today }
  }
}

/** The same calendar day one year earlier (29 February → 28 February). */
export function yearEarlier(day: string) {
  const year = Number(day.slice(0, 4)) - 1
  const rest = day.slice(4)
  return rest === '-02-29' ? `${year}-02-28` : `${year}${rest}`
}

/** The same range one year earlier. */
export function sameRangeLastYear(range: DateRange): DateRange {
  return { from: yearEarlier(range.from), to: yearEarlier(range.to) }
}

/** The cumulative report period of a tertial: T1 Jan–Apr, T2 Jan–Aug, T3 the whole year. */
export function tertialReportRange(year: number, tertial: 1 | 2 | 3): DateRange {
  return { from: `${year}-01-01`, to: lastDayOfMonth(year, tertial * 4) }
}

/** The days of a range, both ends counted. */
export function rangeDays(range: DateRange) {
  return (
    Math.round(
      (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000
    ) + 1
  )
}

export type RangeRefusal = 'invalidDate' | 'endBeforeStart' | 'tooLong'

/**
 * The first and last day any date, range or period typed by someone may touch: earlier or
 * later is a typo (1900-01, 9999-12), not a month this city's switchboard had.
 */
export const FIRST_RANGE_DAY = '1970-01-01'
export const LAST_RANGE_DAY = '2199-12-31'

/** True when the period ÅÅÅÅ-MM lies within FIRST_RANGE_DAY … LAST_RANGE_DAY. */
export function periodWithinBounds(period: string) {
  return period >= FIRST_RANGE_DAY.slice(0, 7) && period <= LAST_RANGE_DAY.slice(0, 7)
}

/** A range typed by someone: real dates, the end not before the start, at most MAX_RANGE_DAYS. */
export function checkRange(from: unknown, to: unknown): DateRange | RangeRefusal {
  if (!isIsoDate(from) || !isIsoDate(to) || from < FIRST_RANGE_DAY || to > LAST_RANGE_DAY)
    return 'invalidDate'
  if (to < from) return 'endBeforeStart'
  if (rangeDays({ from, to }) > MAX_RANGE_DAYS) return 'tooLong'
  return { from, to }
}

/**
 * The months a range touches, each with the part of it inside the range: what the range
 * figures are summed from (a month's figures use the targets in force on its first day in
 * the range, as a month view uses those of the month's first day).
 */
export function monthsOfRange(range: DateRange): { period: string; from: string; to: string }[] {
  const months = []
  let year = Number(range.from.slice(0, 4))
  let month = Number(range.from.slice(5, 7))
  for (;;) {
    const start = `${year}-${pad(month)}-01`
    if (start > range.to) break
    const end = lastDayOfMonth(year, month)
    months.push({
      period: `${year}-${pad(month)}`,
      from: start < range.from ? range.from : start,
      to: end > range.to ? range.to : end,
    })
    ;[year, month] = month === 12 ? [year + 1, 1] : [year, month + 1]
  }
  return months
}

const isWholeMonth = (piece: { period: string; from: string; to: string }) =>
  piece.from === `${piece.period}-01` &&
  piece.to === lastDayOfMonth(Number(piece.period.slice(0, 4)), Number(piece.period.slice(5, 7)))

/**
 * A range as the aggregates hold it (docs/adr/0032): its whole months (their first days,
 * read from a monthly table) and its partial edge months (at most two, read from the daily
 * one). A year is a few thousand monthly rows instead of a year of daily rows.
 */
export function rangePieces(range: DateRange) {
  const pieces = monthsOfRange(range)
  return {
    months: pieces.filter(isWholeMonth).map((piece) => piece.from),
    edges: pieces.filter((piece) => !isWholeMonth(piece)),
  }
}
