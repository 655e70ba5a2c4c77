/**
 * The demo's dates, counted from today: a meeting (or a due date) falls on a working day, as
 * a real one would — not on a weekend, nor on a fixed Swedish holiday (nyårsdagen,
 * trettondagen, första maj, nationaldagen, midsommarafton, jul- and nyårsafton, juldagen,
 * annandagen; Easter and Ascension move, and are left alone). Such a date moves away from
 * today — a past one back, a coming one on — so the past stays past and the coming stays
 * coming.
 */
import { addDays } from '#domain/periods'
import { isoWeekday } from '#domain/date_ranges'
import { todayInStockholm } from '#domain/periods'

const FIXED_HOLIDAYS = new Set([
  '01-01',
  '01-06',
  '05-01',
  '06-06',
  '12-24',
  '12-25',
  '12-26',
  '12-31',
])

function isWorkingDay(date: string) {
  const weekday = isoWeekday(date)
  if (weekday > 5) return false
  const monthDay = date.slice(5)
  if (FIXED_HOLIDAYS.has(monthDay)) return false
  // midsommarafton: the Friday from 19 to 25 June
  return !(weekday === 5 && monthDay >= '06-19' && monthDay <= '06-25')
}

export function demoWeekday(days: number, today: string = todayInStockholm()) {
  let date = addDays(today, days)
  while (!isWorkingDay(date)) date = addDays(date, days < 0 ? -1 : 1)
  return date
}
