import vine from '@vinejs/vine'
import { isoDayOf } from '#domain/periods'
import { parseClockTime, type DayHours } from '#domain/opening_hours'

/** A period of the opening calendar: summer time or closed, at most a year and a day long. */
export const openingPeriodValidator = vine.create({
  kind: vine.enum(['summer', 'closed'] as const),
  startsOn: vine.date({ formats: ['YYYY-MM-DD'] }).transform(isoDayOf),
  endsOn: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('startsOn')
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
