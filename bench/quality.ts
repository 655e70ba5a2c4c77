/**
 * Benchmark: the month view and the 13-month trend read from the hourly aggregate,
 * against the same figures by a raw GROUP BY over the call table, in the same run.
 *
 *   npm run bench:quality -- [YEARS=2] [CALLS_PER_MONTH=330000]
 *
 * Calls are generated in SQL (generate_series) straight into call_records for speed; the
 * aggregate is then built with the same statement shape the import uses. The views are
 * timed warm (figures reused until the data changes) and cold (as after an import: the
 * timing includes the insertion of a change row, which is what an import leaves).
 */
import pg from 'pg'
import { benchDatabase, bootApp, useBenchDatabase } from './bench_database.js'

const years = Number(process.argv[2] ?? 2)
const perMonth = Number(process.argv[3] ?? 330_000)
const database = await benchDatabase()
useBenchDatabase(database)
await database.fresh()

const client = new pg.Client({ connectionString: database.url })
await client.connect()
const months = years * 12
const total = months * perMonth
const lastMonthStart = '2026-10-01'
console.log(`Genererar ${total.toLocaleString('sv-SE')} samtal (${years} år) …`)
let started = performance.now()
await client.query(`SET work_mem = '256MB'`)
await client.query(
  `INSERT INTO imports (type, file_name, checksum, idempotency_key, status) VALUES ('calls', 'bench', 'x', 'x', 'imported')`
)
for (let m = 0; m < months; m++) {
  await client.query(
    `INSERT INTO call_records (call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost, organisation_id, import_id)
     SELECT 'B' || $1 || '-' || g,
            ($2::date - ($1 || ' months')::interval) + (random() * 30)::int * interval '1 day' + (7 + random() * 10) * interval '1 hour',
            CASE WHEN g % 5 = 0 THEN '0850812000' ELSE '0850811000' END,
            (random() * random() * 140)::int, (random() * 240)::int,
            (ARRAY['besvarat','kopplat','kopplat','kopplat','avbrutet','meddelande'])[1 + (g % 6)],
            NULL, 3.95, CASE WHEN g % 6 IN (1, 2, 3, 5) THEN (g % 40) + 1 END, 1
       FROM generate_series(1, $3) g`,
    [m, lastMonthStart, perMonth]
  )
}
await client.query(`
  INSERT INTO call_hourly (hour, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
  SELECT date_trunc('hour', started_at), entry_number, outcome, wait_bucket(wait_seconds),
         count(*), sum(wait_seconds), sum(talk_seconds), sum(cost)
    FROM call_records GROUP BY 1, 2, 3, 4`)
await client.query(`
  INSERT INTO call_daily (day, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
  SELECT (started_at AT TIME ZONE 'Europe/Stockholm')::date, entry_number, outcome, wait_bucket(wait_seconds),
         count(*), sum(wait_seconds), sum(talk_seconds), sum(cost)
    FROM call_records GROUP BY 1, 2, 3, 4`)
await client.query('VACUUM ANALYZE call_daily')
await client.query(`
  INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls)
  SELECT date_trunc('hour', started_at), organisation_id, outcome, count(*)
    FROM call_records WHERE organisation_id IS NOT NULL GROUP BY 1, 2, 3`)
await client.query('VACUUM ANALYZE call_records')
await client.query('VACUUM ANALYZE call_hourly')
const counts = await client.query(
  `SELECT (SELECT count(*) FROM call_records) AS calls, (SELECT count(*) FROM call_hourly) AS hourly, pg_size_pretty(pg_total_relation_size('call_records')) AS size`
)
console.log(
  `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${Number(counts.rows[0].calls).toLocaleString('sv-SE')} samtal (${counts.rows[0].size}), ${Number(counts.rows[0].hourly).toLocaleString('sv-SE')} timrader`
)

const app = await bootApp()
const { monthQuality, trend13Months } = await import('#queries/quality/month_quality')

async function timeRuns(runs: number, fn: () => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return {
    p50: times[Math.floor(runs / 2)],
    p95: times[Math.min(runs - 1, Math.floor(runs * 0.95))],
  }
}

const rawMonth = `
  SELECT (started_at AT TIME ZONE 'Europe/Stockholm')::date AS day, outcome, wait_bucket(wait_seconds) AS bucket,
         count(*), sum(wait_seconds), sum(talk_seconds)
    FROM call_records
   WHERE started_at >= ('2026-10-01'::timestamp AT TIME ZONE 'Europe/Stockholm')
     AND started_at < ('2026-11-01'::timestamp AT TIME ZONE 'Europe/Stockholm')
   GROUP BY 1, 2, 3`
const rawTrend = `
  SELECT to_char(started_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month, outcome, wait_bucket(wait_seconds),
         count(*), sum(wait_seconds), sum(talk_seconds)
    FROM call_records
   WHERE started_at >= ('2025-10-01'::timestamp AT TIME ZONE 'Europe/Stockholm')
     AND started_at < ('2026-11-01'::timestamp AT TIME ZONE 'Europe/Stockholm')
   GROUP BY 1, 2, 3`
// cold: as after an import, when the figures must be computed again (a new change row)
const invalidate = () => client.query('INSERT INTO quality_changes DEFAULT VALUES')
const monthCold = await timeRuns(20, async () => {
  await invalidate()
  await monthQuality('2026-10')
})
const trendCold = await timeRuns(10, async () => {
  await invalidate()
  await trend13Months('2026-10')
})
// warm: every later view of the same data
await monthQuality('2026-10')
const month = await timeRuns(50, () => monthQuality('2026-10'))
const trend = await timeRuns(20, () => trend13Months('2026-10'))
const rawMonthTimes = await timeRuns(3, () => client.query(rawMonth))
const rawTrendTimes = await timeRuns(3, () => client.query(rawTrend))
const ms = (value: number) => `${value.toFixed(1)} ms`
console.log(`\n${years} år, ${Number(counts.rows[0].calls).toLocaleString('sv-SE')} samtal:`)
console.log(
  `  månadsvy (aggregat)     p50 ${ms(month.p50)}  p95 ${ms(month.p95)}   rå GROUP BY ${ms(rawMonthTimes.p50)}   ${(rawMonthTimes.p50 / month.p50).toFixed(0)} × snabbare (mål ≥ 100 ×, p95 < 50 ms)`
)
console.log(
  `  13 månader (aggregat)   p50 ${ms(trend.p50)}  p95 ${ms(trend.p95)}   rå GROUP BY ${ms(rawTrendTimes.p50)}   ${(rawTrendTimes.p50 / trend.p50).toFixed(0)} × snabbare`
)
console.log(
  `  efter en import (kall): månadsvy p50 ${ms(monthCold.p50)} p95 ${ms(monthCold.p95)} (${(rawMonthTimes.p50 / monthCold.p50).toFixed(0)} ×), 13 månader p50 ${ms(trendCold.p50)} p95 ${ms(trendCold.p95)} (${(rawTrendTimes.p50 / trendCold.p50).toFixed(0)} ×)`
)
await client.end()
await app.terminate()
await database.stop()
