/**
 * The switchboard's opening hours (issue 17 point 4, seeds 000/001, docs/adr/0030).
 *
 * A day's hours: none on a closure day; the summer hours on a day inside a summer period;
 * otherwise the normal hours of its weekday (a weekday without hours is closed). The
 * aggregates are hourly, so "within opening hours" counts the clock hours that overlap
 * the opening time: 8.00–16.30 counts the hours 8–9 … 16–17 (the half hour after closing
 * is counted with its hour; the calls then are the queue being emptied).
 */
import { addDays } from '#domain/periods'
import { isoWeekday, type DateRange } from '#domain/date_ranges'
import { stockholmToUtc } from '#domain/stockholm_time'

export type Season = 'normal' | 'summer'

export interface DayHours {
  weekday: number
  /** `HH:MM` */
  opens: string
  /** `HH:MM`, after opens */
  closes: string
}

export interface OpeningPeriod {
  kind: 'summer' | 'closed'
  startsOn: string
  endsOn: string
}

export interface OpeningCalendar {
  normal: DayHours[]
  summer: DayHours[]
  periods: OpeningPeriod[]
}

/** The hours the switchboard is open on a day, or null when it is closed. */
export function hoursOn(calendar: OpeningCalendar, day: string) {
  const inPeriod = (kind: OpeningPeriod['kind']) =>
    calendar.periods.some((p) => p.kind === kind && p.startsOn <= day && day <= p.endsOn)
  if (inPeriod('closed')) return null
  const season = inPeriod('summer') ? calendar.summer : calendar.normal
  return season.find((hours) => hours.weekday === isoWeekday(day)) ?? null
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** The clock hours (0–23) that overlap an opening time. */
export function openClockHours(hours: Pick<DayHours, 'opens' | 'closes'>) {
  const result: number[] = []
  for (let hour = 0; hour < 24; hour++) {
    if (hour * 60 < minutes(hours.closes) && (hour + 1) * 60 > minutes(hours.opens))
      result.push(hour)
  }
  return result
}

/**
 * The UTC instants (ms) of the starts of a day's open clock hours (Stockholm time). A
 * local hour that does not exist (the spring-forward gap) is skipped; the repeated autumn
 * hour counts once.
 */
export function openHourStartsOn(calendar: OpeningCalendar, day: string): number[] {
  const hours = hoursOn(calendar, day)
  if (!hours) return []
  const [year, month, date] = day.split('-').map(Number)
  const starts: number[] = []
  for (const hour of openClockHours(hours)) {
    const converted = stockholmToUtc(year, month, date, hour, 0, 0)
    if (converted.kind !== 'gap') starts.push(converted.utcMs)
  }
  return starts
}

/** The starts of every open clock hour in a range: what the hourly aggregate is filtered on. */
export function openHourStarts(calendar: OpeningCalendar, range: DateRange): number[] {
  const starts: number[] = []
  for (let day = range.from; day <= range.to; day = addDays(day, 1))
    starts.push(...openHourStartsOn(calendar, day))
  return starts
}

/**
 * The days of a span whose open clock hours differ between two calendars: the days whose
 * figures within opening hours a calendar change alters (and nothing else).
 */
export function daysWithChangedHours(
  before: OpeningCalendar,
  after: OpeningCalendar,
  span: DateRange
): string[] {
  const changed: string[] = []
  const clockHours = (calendar: OpeningCalendar, day: string) => {
    const hours = hoursOn(calendar, day)
    return hours ? openClockHours(hours).join(',') : ''
  }
  for (let day = span.from; day <= span.to; day = addDays(day, 1)) {
    if (clockHours(before, day) !== clockHours(after, day)) changed.push(day)
  }
  return changed
}

/** A time typed in a form: `8`, `8.00`, `08:00` → `08:00`; null when it is not a time. */
export function parseClockTime(text: string): string | null {
  const match = /^(\d{1,2})(?:[.:](\d{2}))?$/.exec(text.trim())
  if (!match) return null
  const hour = Number(match[1])
  const minute = Number(match[2] ?? 0)
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return null
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}
