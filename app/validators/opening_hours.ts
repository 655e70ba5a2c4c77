import vine from '@vinejs/vine'
import { isoDayOf } from '#domain/periods'
import { dateWithinYears } from '#validators/calendar_date'
import { parseClockTime, type DayHours } from '#domain/opening_hours'

/**
 * The years an opening-calendar period may fall in: from 1 January last year (a closure
 * entered afterwards still counts in last year's figures) to 31 December five years on (a
 * summer planned ahead); year 9999 is a typo. Written down in docs/adr/0029 §7.
 */
const OPENING_CALENDAR_YEARS = { back: 1, ahead: 5, wholeYears: true }

/** A period of the opening calendar: summer time or closed, at most a year and a day long. */
export const openingPeriodValidator = vine.create({
  kind: vine.enum(['summer', 'closed'] as const),
  startsOn: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .use(dateWithinYears(OPENING_CALENDAR_YEARS))
    .transform(isoDayOf),
  endsOn: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('startsOn')
    .use(dateWithinYears(OPENING_CALENDAR_YEARS))
    .transform(isoDayOf),
  note: vine.string().trim().maxLength(200).optional(),
})

/** The weekly hours form: `opens_1` … `closes_7`, both empty for a closed day. */
export const weeklyHoursValidator = vine.create({
  season: vine.enum(['normal', 'summer'] as const),
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      [`opens_${weekday}`, vine.string().trim().maxLength(5).optional()],
      [`closes_${weekday}`, vine.string().trim().maxLength(5).optional()],
    ])
  ),
})

export type HoursRefusal = { weekday: number; error: 'badTime' | 'closesBeforeOpens' | 'half' }

/** The typed times of the seven weekdays as hours, or the first refusal. */
export function weeklyHours(values: Record<string, unknown>): DayHours[] | HoursRefusal {
  const days: DayHours[] = []
  for (let weekday = 1; weekday <= 7; weekday++) {
    const opensText = (values[`opens_${weekday}`] as string | undefined) ?? ''
    const closesText = (values[`closes_${weekday}`] as string | undefined) ?? ''
    if (opensText === '' && closesText === '') continue
    if (opensText === '' || closesText === '') return { weekday, error: 'half' }
    const opens = parseClockTime(opensText)
    const closes = parseClockTime(closesText)
    if (!opens || !closes) return { weekday, error: 'badTime' }
    if (closes <= opens) return { weekday, error: 'closesBeforeOpens' }
    days.push({ weekday, opens, closes })
  }
  return days
}
