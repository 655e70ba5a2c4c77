/**
 * The demo's dates, counted from today: a meeting (or a due date) falls on a weekday, as a
 * real one would. A weekend date moves away from today — a past one back to Friday, a
 * coming one on to Monday — so the past stays past and the coming stays coming.
 */
import { addDays } from '#domain/periods'
import { isoWeekday } from '#domain/date_ranges'
import { todayInStockholm } from '#domain/periods'

export function demoWeekday(days: number, today: string = todayInStockholm()) {
  const date = addDays(today, days)
  const weekday = isoWeekday(date)
  if (weekday < 6) return date
  return days < 0 ? addDays(date, 5 - weekday) : addDays(date, 8 - weekday)
}
