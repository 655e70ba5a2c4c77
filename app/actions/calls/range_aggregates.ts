/**
 * The range aggregates (migration 0220, docs/adr/0032): what a range of whole months reads
 * instead of a year of daily or hourly rows.
 *
 * - `call_monthly`: `call_daily` summed per Stockholm month (all hours);
 * - `call_daily_open`: `call_hourly` within the opening calendar's open clock hours, summed
 *   per Stockholm day (the same hours `openHourStarts` gives the range view's edges);
 * - `call_monthly_open`: `call_daily_open` summed per month;
 * - `call_monthly_org`: `call_hourly_org` summed per Stockholm month.
 *
 * They are derived from the existing aggregates, never counted a second way: a refresh
 * deletes the rows of the days (and their months) it is given and sums them again. The
 * call import refreshes the days it wrote, a calendar edit the days whose open hours it
 * changed — each in its own transaction, after taking the aggregates' lock, so an import
 * and a calendar edit never interleave and a killed process leaves the old rows.
 */
import { AGGREGATES_LOCK } from '#actions/calls/call_copy'
import { readOpeningCalendar } from '#queries/quality/opening_calendar'
import { daysWithChangedHours, openHourStartsOn, type OpeningCalendar } from '#domain/opening_hours'
import type { DateRange } from '#domain/date_ranges'
import { addDays } from '#domain/periods'
import type { RunSql } from '#services/sql_runner'

const HISTOGRAM = 'entry_number, outcome, wait_bucket'
const SUMS = 'sum(calls)::int, sum(wait_seconds), sum(talk_seconds), sum(cost)'

/** The first day of a day's month, and of the month after it. */
const monthOf = (day: string) => `${day.slice(0, 7)}-01`
function nextMonth(day: string) {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))]
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
}

/** Serialise with the call import (and other calendar edits) until the caller's commit. */
export async function lockAggregates(run: RunSql) {
  await run('SELECT pg_advisory_xact_lock(?)', [AGGREGATES_LOCK])
}

/** Sum the open hours of these days again, and their months. */
async function refreshOpenDays(run: RunSql, calendar: OpeningCalendar, days: string[]) {
  if (days.length === 0) return
  await run('DELETE FROM call_daily_open WHERE day = ANY(?::date[])', [days])
  const starts = days.flatMap((day) => openHourStartsOn(calendar, day))
  if (starts.length > 0)
    await run(
      `INSERT INTO call_daily_open (day, ${HISTOGRAM}, calls, wait_seconds, talk_seconds, cost)
       SELECT (hour AT TIME ZONE 'Europe/Stockholm')::date, ${HISTOGRAM}, ${SUMS}
         FROM call_hourly WHERE hour = ANY(?::timestamptz[])
        GROUP BY 1, 2, 3, 4`,
      [starts.map((ms) => new Date(ms).toISOString())]
    )
  const months = [...new Set(days.map(monthOf))]
  await run('DELETE FROM call_monthly_open WHERE month = ANY(?::date[])', [months])
  await run(
    `INSERT INTO call_monthly_open (month, ${HISTOGRAM}, calls, wait_seconds, talk_seconds, cost)
     SELECT date_trunc('month', day)::date, ${HISTOGRAM}, ${SUMS}
       FROM call_daily_open
       JOIN unnest(?::date[]) AS m (month) ON day >= m.month AND day < m.month + interval '1 month'
      GROUP BY 1, 2, 3, 4`,
    [months]
  )
}

/**
 * Sum the range aggregates of the Stockholm days `span` (and the whole months they fall in)
 * again from `call_daily`, `call_hourly` and `call_hourly_org`, with the opening calendar
 * as this transaction sees it. The caller holds the aggregates' lock.
 */
export async function refreshRangeAggregates(run: RunSql, span: DateRange) {
  const [first, afterLast] = [monthOf(span.from), nextMonth(span.to)]
  await run('DELETE FROM call_monthly WHERE month >= ? AND month < ?', [first, afterLast])
  await run(
    `INSERT INTO call_monthly (month, ${HISTOGRAM}, calls, wait_seconds, talk_seconds, cost)
     SELECT date_trunc('month', day)::date, ${HISTOGRAM}, ${SUMS}
       FROM call_daily WHERE day >= ? AND day < ?
      GROUP BY 1, 2, 3, 4`,
    [first, afterLast]
  )
  await run('DELETE FROM call_monthly_org WHERE month >= ? AND month < ?', [first, afterLast])
  await run(
    `INSERT INTO call_monthly_org (month, organisation_id, outcome, calls)
     SELECT date_trunc('month', hour AT TIME ZONE 'Europe/Stockholm')::date, organisation_id, outcome, sum(calls)::int
       FROM call_hourly_org
      WHERE hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')
        AND hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')
      GROUP BY 1, 2, 3`,
    [first, afterLast]
  )
  const days: string[] = []
  for (let day = span.from; day <= span.to; day = addDays(day, 1)) days.push(day)
  await refreshOpenDays(run, await readOpeningCalendar(run), days)
}

/** The Stockholm days that have calls in any aggregate, or null when there are none. */
export async function aggregatedDays(run: RunSql): Promise<DateRange | null> {
  const { rows } = await run(`
    SELECT to_char(least(d.first, h.first, o.first), 'YYYY-MM-DD') AS "from",
           to_char(greatest(d.last, h.last, o.last), 'YYYY-MM-DD') AS "to"
      FROM (SELECT min(day) AS first, max(day) AS last FROM call_daily) d,
           (SELECT (min(hour) AT TIME ZONE 'Europe/Stockholm')::date AS first,
                   (max(hour) AT TIME ZONE 'Europe/Stockholm')::date AS last FROM call_hourly) h,
           (SELECT (min(hour) AT TIME ZONE 'Europe/Stockholm')::date AS first,
                   (max(hour) AT TIME ZONE 'Europe/Stockholm')::date AS last FROM call_hourly_org) o`)
  return rows[0].from ? { from: rows[0].from, to: rows[0].to } : null
}

/**
 * A calendar edit: `change` alters the opening calendar; then the figures within opening
 * hours are summed again for exactly the days whose open hours changed. Run inside the
 * edit's transaction.
 */
export async function changeOpeningCalendar<T>(run: RunSql, change: () => Promise<T>) {
  await lockAggregates(run)
  const before = await readOpeningCalendar(run)
  const result = await change()
  const after = await readOpeningCalendar(run)
  const span = await aggregatedDays(run)
  if (span) await refreshOpenDays(run, after, daysWithChangedHours(before, after, span))
  return result
}
