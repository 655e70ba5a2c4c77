/**
 * The demo's history for issue 17 (ranges, year-over-year, tertial reports): the opening
 * calendar's summer periods and closure days, and call aggregates for every month from
 * January last year up to the two months the demo imports as call records. The older
 * months are aggregates only — as after retention removes raw calls — so their figures,
 * trends and reports show, while the call list has the two imported months.
 */
import db from '@adonisjs/lucid/services/db'
import { addDays, monthOf, previousMonth, todayInStockholm } from '#domain/periods'
import { lockAggregates, refreshRangeAggregates } from '#actions/calls/range_aggregates'
import { sqlOnLucid } from '#services/sql_runner'

/**
 * The opening calendar: loaded before any calls are imported, since the import sums the
 * calls within opening hours by it (call_daily_open).
 */
export async function loadDemoOpeningCalendar() {
  const year = Number(todayInStockholm().slice(0, 4))
  if (!(await db.from('opening_periods').first())) {
    const periods: [string, string, string, string][] = []
    for (const y of [year - 1, year]) {
      periods.push(
        ['summer', `${y}-06-22`, `${y}-08-09`, 'Sommartid'],
        ['closed', `${y}-06-19`, `${y}-06-19`, 'Midsommarafton'],
        ['closed', `${y}-12-24`, `${y}-12-26`, 'Jul'],
        ['closed', `${y}-12-31`, `${y}-12-31`, 'Nyårsafton']
      )
    }
    await db.table('opening_periods').multiInsert(
      periods.map(([kind, startsOn, endsOn, note]) => ({
        kind,
        starts_on: startsOn,
        ends_on: endsOn,
        note,
      }))
    )
  }
}

/**
 * The aggregates of the months before the two imported ones: PostgreSQL's work alone, in one
 * transaction of its own, so `loadDemo` runs it beside the registers and the imports.
 */
export async function loadDemoQualityHistory() {
  const today = todayInStockholm()
  const year = Number(today.slice(0, 4))
  // the months before the two imported ones (last month and the month before)
  const lastImported = previousMonth(monthOf(today))
  const firstImported = previousMonth(lastImported)
  const until = `${firstImported}-01`
  const from = `${year - 1}-01-01`
  if (until <= from) return
  if (await db.from('call_daily').where('day', '<', until).where('day', '>=', from).first()) return
  await db.transaction(async (trx) => {
    // weekday office hours; a wave over the year and a worse autumn last year
    await trx.rawQuery(
      `WITH hours AS (
         SELECT h AS hour, extract(doy FROM h) AS doy, extract(year FROM h) AS y
           FROM generate_series((?::timestamp AT TIME ZONE 'Europe/Stockholm'),
                                (?::timestamp AT TIME ZONE 'Europe/Stockholm') - interval '1 hour',
                                interval '1 hour') h
          WHERE extract(isodow FROM h AT TIME ZONE 'Europe/Stockholm') < 6
            AND extract(hour FROM h AT TIME ZONE 'Europe/Stockholm') BETWEEN 7 AND 17
       ),
       shapes (outcome, share) AS (VALUES ('kopplat', 0.66), ('besvarat', 0.23), ('meddelande', 0.05), ('avbrutet', 0.06)),
       buckets (wait_bucket, weight) AS (VALUES (2, 0.08), (8, 0.12), (15, 0.15), (30, 0.2), (45, 0.15), (60, 0.12), (90, 0.1), (150, 0.06), (240, 0.02))
       INSERT INTO call_hourly (hour, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT hour, entry, outcome, wait_bucket, calls, calls * wait_bucket, CASE WHEN outcome = 'avbrutet' THEN 0 ELSE calls * 140 END,
              CASE WHEN outcome = 'avbrutet' THEN 0 ELSE calls * 3.95 END
         FROM (
           SELECT hour, entry, outcome, b.wait_bucket,
                  round(volume * s.share * b.weight
                        * CASE WHEN b.wait_bucket >= 90 AND y < ? AND doy > 240 THEN 1.8 ELSE 1 END
                        * (1 + 0.25 * sin(doy / 58.0)))::int AS calls
             FROM hours
            CROSS JOIN (VALUES ('0850811000', 190), ('0850812000', 60), ('0850813000', 30)) e (entry, volume)
            CROSS JOIN shapes s CROSS JOIN buckets b
         ) rows
        WHERE calls > 0`,
      [`${from} 00:00`, `${until} 00:00`, year]
    )
    await trx.rawQuery(
      `INSERT INTO call_daily (day, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT (hour AT TIME ZONE 'Europe/Stockholm')::date, entry_number, outcome, wait_bucket,
              sum(calls), sum(wait_seconds), sum(talk_seconds), sum(cost)
         FROM call_hourly WHERE hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')
          AND hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')
        GROUP BY 1, 2, 3, 4`,
      [`${from} 00:00`, `${until} 00:00`]
    )
    // transferred calls shared among the connected organisations by a fixed weight
    await trx.rawQuery(
      `INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls)
       SELECT c.hour, o.id, c.outcome, greatest(1, round(c.calls * o.weight / t.total))::int
         FROM (SELECT hour, outcome, sum(calls) AS calls FROM call_hourly
                WHERE outcome IN ('kopplat', 'meddelande')
                  AND hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')
                  AND hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')
                GROUP BY 1, 2) c
         JOIN (SELECT id, connected_from, 1 + abs(hashtext(code)) % 5 AS weight FROM organisations
                WHERE connected_from IS NOT NULL) o ON o.connected_from <= (c.hour AT TIME ZONE 'Europe/Stockholm')::date
         JOIN LATERAL (SELECT sum(1 + abs(hashtext(code)) % 5) AS total FROM organisations
                        WHERE connected_from IS NOT NULL AND connected_from <= (c.hour AT TIME ZONE 'Europe/Stockholm')::date) t ON true`,
      [`${from} 00:00`, `${until} 00:00`]
    )
    // the monthly and opening-hours sums of those days, as an import leaves them
    const run = sqlOnLucid(trx)
    await lockAggregates(run)
    await refreshRangeAggregates(run, { from, to: addDays(until, -1) })
  })
}
