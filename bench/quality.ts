/**
 * Benchmark: the month view and the 13-month trend read from the hourly aggregate,
 * against the same figures by a raw GROUP BY over the call table, in the same run.
 *
 *   npm run bench:quality -- [YEARS=2] [CALLS_PER_MONTH=330000]
 *
 * Calls are generated in SQL (generate_series) straight into call_records for speed; the
 * aggregate is then built with the same statement shape the import uses. The views are
 * timed warm (figures reused until the data changes), cold (computed on demand: the timing
 * includes the insertion of a change row, which is what an import leaves), and after an
 * import as it runs now: a change row, then what the import's end computes for the month
 * (docs/adr/0034, timed apart as the import's added cost), then the first view.
 */
import pg from 'pg'
import { benchDatabase, bootApp, useBenchDatabase } from './bench_database.js'

const years = Number(process.argv[2] ?? 2)
const perMonth = Number(process.argv[3] ?? 330_000)
// BENCH_REUSE=1: time the views again on the data of the previous run (no new generation)
const reuse = process.env.BENCH_REUSE === '1'
const database = await benchDatabase()
useBenchDatabase(database)
if (!reuse) await database.fresh()

const client = new pg.Client({ connectionString: database.url })
await client.connect()
const months = years * 12
const total = months * perMonth
const lastMonthStart = '2026-10-01'
let started = performance.now()
if (reuse) {
  // migrations added since the data was generated (e.g. a new index) are run on it
  const { spawnSync } = await import('node:child_process')
  const migrate = spawnSync(process.execPath, ['ace.js', 'migration:run', '--force'], {
    cwd: new URL('../', import.meta.url).pathname,
    env: database.env,
    encoding: 'utf8',
  })
  if (migrate.status !== 0) throw new Error(migrate.stderr || migrate.stdout)
  await client.query('ANALYZE call_records')
} else {
  console.log(`Genererar ${total.toLocaleString('sv-SE')} samtal (${years} år) …`)
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
  await client.query('VACUUM ANALYZE call_hourly_org')
}
const counts = await client.query(
  `SELECT (SELECT count(*) FROM call_records) AS calls, (SELECT count(*) FROM call_hourly) AS hourly, pg_size_pretty(pg_total_relation_size('call_records')) AS size`
)
console.log(
  `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${Number(counts.rows[0].calls).toLocaleString('sv-SE')} samtal (${counts.rows[0].size}), ${Number(counts.rows[0].hourly).toLocaleString('sv-SE')} timrader`
)

const app = await bootApp()
if (!reuse) {
  // the range aggregates (monthly, opening hours, per organisation), by the import's refresh
  started = performance.now()
  const { aggregatedDays, refreshRangeAggregates } = await import('#actions/calls/range_aggregates')
  const { sqlOnPg } = await import('#services/sql_runner')
  const span = await aggregatedDays(sqlOnPg(client))
  if (span) await refreshRangeAggregates(sqlOnPg(client), span)
  await client.query(
    'VACUUM ANALYZE call_monthly, call_daily_open, call_monthly_open, call_monthly_org'
  )
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: intervallsummorna`)
}
const { monthQuality, trend13Months, weekdayHourHeatmap, perEntryNumber } =
  await import('#queries/quality/month_quality')
const { precomputeQualityFigures } = await import('#actions/quality/precompute_quality')

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
// BENCH_PARTS=calls: only the call list (e.g. again after a new index, with BENCH_REUSE=1)
const onlyCalls = process.env.BENCH_PARTS === 'calls'
const none = { p50: Number.NaN, p95: Number.NaN }
let [monthCold, trendCold, month, trend, rawMonthTimes, rawTrendTimes] = [
  none,
  none,
  none,
  none,
  none,
  none,
]
// the page's quality reads (Samtal & kvalitet for a month)
const monthPage = async () => {
  await monthQuality('2026-10')
  await weekdayHourHeatmap('2026-10')
  await perEntryNumber('2026-10')
  await trend13Months('2026-10')
}
let [pageOnDemand, afterImportMonth, afterImportPage, precomputeTimes] = [none, none, none, none]
if (!onlyCalls) {
  // issue 18 point 2: after an import as it runs now — its end computes the month's figures
  // (docs/adr/0034; timed apart: that is what the import pays), then the first view
  const october = { from: '2026-10-01', to: '2026-10-31' }
  const [pre, view, page]: number[][] = [[], [], []]
  for (let i = 0; i < 20; i++) {
    await invalidate()
    let at = performance.now()
    await precomputeQualityFigures(october)
    pre.push(performance.now() - at)
    at = performance.now()
    await monthQuality('2026-10')
    view.push(performance.now() - at)
    at = performance.now()
    await weekdayHourHeatmap('2026-10')
    await perEntryNumber('2026-10')
    await trend13Months('2026-10')
    page.push(performance.now() - at + view.at(-1)!)
  }
  const percentiles = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b)
    return {
      p50: sorted[Math.floor(sorted.length / 2)],
      p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))],
    }
  }
  ;[precomputeTimes, afterImportMonth, afterImportPage] = [pre, view, page].map(percentiles)
  // the same reads when nothing was computed ahead (a change the import did not make)
  pageOnDemand = await timeRuns(10, async () => {
    await invalidate()
    started = performance.now()
    await monthPage()
  })
}
if (!onlyCalls) {
  monthCold = await timeRuns(20, async () => {
    await invalidate()
    await monthQuality('2026-10')
  })
  trendCold = await timeRuns(10, async () => {
    await invalidate()
    await trend13Months('2026-10')
  })
  // warm: every later view of the same data
  await monthQuality('2026-10')
  month = await timeRuns(50, () => monthQuality('2026-10'))
  trend = await timeRuns(20, () => trend13Months('2026-10'))
  rawMonthTimes = await timeRuns(3, () => client.query(rawMonth))
  rawTrendTimes = await timeRuns(3, () => client.query(rawTrend))
}
const ms = (value: number) => `${value.toFixed(1)} ms`
console.log(`\n${years} år, ${Number(counts.rows[0].calls).toLocaleString('sv-SE')} samtal:`)
console.log(
  `  månadsvy (aggregat)     p50 ${ms(month.p50)}  p95 ${ms(month.p95)}   rå GROUP BY ${ms(rawMonthTimes.p50)}   ${(rawMonthTimes.p50 / month.p50).toFixed(0)} × snabbare (mål ≥ 100 ×, p95 < 50 ms)`
)
console.log(
  `  13 månader (aggregat)   p50 ${ms(trend.p50)}  p95 ${ms(trend.p95)}   rå GROUP BY ${ms(rawTrendTimes.p50)}   ${(rawTrendTimes.p50 / trend.p50).toFixed(0)} × snabbare`
)
console.log(
  `  beräknat vid visning (kall): månadsvy p50 ${ms(monthCold.p50)} p95 ${ms(monthCold.p95)} (${(rawMonthTimes.p50 / monthCold.p50).toFixed(0)} ×), 13 månader p50 ${ms(trendCold.p50)} p95 ${ms(trendCold.p95)} (${(rawTrendTimes.p50 / trendCold.p50).toFixed(0)} ×), sidans fyra läsningar p50 ${ms(pageOnDemand.p50)} p95 ${ms(pageOnDemand.p95)}`
)
console.log(
  `  efter en import (förberäknat i importens slut): månadsvy p50 ${ms(afterImportMonth.p50)} p95 ${ms(afterImportMonth.p95)}, sidans fyra läsningar p50 ${ms(afterImportPage.p50)} p95 ${ms(afterImportPage.p95)}; importens förberäkning p50 ${ms(precomputeTimes.p50)} p95 ${ms(precomputeTimes.p95)}`
)

// issue 17: a one-year range view (the page's reads: all hours and opening hours, this
// range and the same range last year, transfers per organisation) and the call list
const { rangePageFigures } = await import('#queries/quality/range_quality')
const { listCalls, findCall } = await import('#queries/calls/call_list')
const { countCalls } = await import('#queries/calls/call_count')
const { sameRangeLastYear } = await import('#domain/date_ranges')
const yearRange = { from: '2025-11-01', to: '2026-10-31' }
// (since docs/adr/0034 in one data state: rangePageFigures, as the controller reads them)
const rangeView = () => rangePageFigures(yearRange, sameRangeLastYear(yearRange))
let [rangeCold, rangeWarm] = [none, none]
if (!onlyCalls) {
  rangeCold = await timeRuns(10, async () => {
    await invalidate()
    await rangeView()
  })
  await rangeView()
  rangeWarm = await timeRuns(30, rangeView)
}

// the call list of one month: newest first, 50 a page (as the page asks for it)
const monthRange = (index: number) => {
  const first = new Date(Date.UTC(2026, 9 - index, 1))
  const last = new Date(Date.UTC(2026, 10 - index, 0))
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) }
}
const office = { organisationId: null }
const contact = { organisationId: 7 }
const listCases: [string, (month: number) => Promise<unknown>][] = [
  ['månad, sida 1', (m) => listCalls(monthRange(m), { page: 1 }, office)],
  // a deep page as the Äldre link asks for it: from a call in the middle of the month (keyset)
  [
    'månad, mitt i månaden (Äldre)',
    (m) =>
      listCalls(
        monthRange(m),
        {
          page: 1000,
          cursor: {
            direction: 'older',
            startedAt: `${monthRange(m).from.slice(0, 8)}15T12:00:00.000000Z`,
            callId: '~',
          },
        },
        office
      ),
  ],
  ['månad, sida 20 (OFFSET)', (m) => listCalls(monthRange(m), { page: 20 }, office)],
  [
    'ingång + utfall + väntetid > 60 s',
    (m) =>
      listCalls(
        { ...monthRange(m), entry: '0850812000', outcome: 'avbrutet', waitMin: 60 },
        { page: 1 },
        office
      ),
  ],
  ['en organisation (kontaktperson)', (m) => listCalls(monthRange(m), { page: 1 }, contact)],
  ['ett samtal per id', (m) => findCall(`B${m}-12345`, office)],
  // the page as it is shown: the page of calls and how many match (docs/adr/0032 §5)
  [
    'månad, sida 1 + antal (aggregat)',
    (m) =>
      Promise.all([
        listCalls(monthRange(m), { page: 1 }, office),
        countCalls(monthRange(m), office),
      ]),
  ],
  [
    'ingång + utfall + väntetid > 60 s + antal',
    (m) => {
      const filter = {
        ...monthRange(m),
        entry: '0850812000',
        outcome: 'avbrutet' as const,
        waitMin: 60,
      }
      return Promise.all([listCalls(filter, { page: 1 }, office), countCalls(filter, office)])
    },
  ],
  [
    'kontaktperson + antal (aggregat)',
    (m) =>
      Promise.all([
        listCalls(monthRange(m), { page: 1 }, contact),
        countCalls(monthRange(m), contact),
      ]),
  ],
  [
    'timme 9 + antal (timaggregat)',
    (m) => {
      const filter = { ...monthRange(m), hour: 9 }
      return Promise.all([listCalls(filter, { page: 1 }, office), countCalls(filter, office)])
    },
  ],
  [
    'väntetid ≤ 13 s + antal (ur samtalen, ≤ 10 001)',
    (m) => {
      const filter = { ...monthRange(m), waitMax: 13 }
      return Promise.all([listCalls(filter, { page: 1 }, office), countCalls(filter, office)])
    },
  ],
  [
    'ett år, timme 9 + antal (ur samtalen)',
    (m) => {
      const filter = { from: '2025-11-01', to: '2026-10-31', hour: (9 + m) % 24 }
      return Promise.all([listCalls(filter, { page: 1 }, office), countCalls(filter, office)])
    },
  ],
]
// cold: each run reads a month no earlier run of this process has read (its pages are not
// in PostgreSQL's buffers; the operating system's file cache may still hold them)
let nextMonth = 1
const listTimes: {
  name: string
  cold: { p50: number; p95: number }
  warm: { p50: number; p95: number }
}[] = []
// a count past its time budget is not waited for (docs/adr/0032 §5): how many were not counted
const notCounted = (result: unknown) =>
  Array.isArray(result) && (result[1] as { timedOut?: boolean } | undefined)?.timedOut === true
for (const [name, run] of listCases) {
  const coldRuns = Math.max(1, Math.min(10, Math.floor((months - 1) / listCases.length)))
  let [coldCut, warmCut] = [0, 0]
  const cold = await timeRuns(coldRuns, async () => {
    if (notCounted(await run(nextMonth++ % months))) coldCut++
  })
  await run(0)
  const warm = await timeRuns(30, async () => {
    if (notCounted(await run(0))) warmCut++
  })
  listTimes.push({
    name: coldCut + warmCut > 0 ? `${name} [ej räknat: kall ${coldCut}, varm ${warmCut}]` : name,
    cold,
    warm,
  })
}
const plan = await client.query(
  `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
   SELECT c.call_id FROM call_records c
    WHERE c.started_at >= ('2026-09-01'::timestamp AT TIME ZONE 'Europe/Stockholm')
      AND c.started_at < ('2026-10-01'::timestamp AT TIME ZONE 'Europe/Stockholm')
    ORDER BY c.started_at DESC, c.call_id DESC LIMIT 51`
)
console.log(
  `  ett års intervall (sidans läsningar)  varm p50 ${ms(rangeWarm.p50)} p95 ${ms(rangeWarm.p95)}   kall p50 ${ms(rangeCold.p50)} p95 ${ms(rangeCold.p95)}`
)
for (const row of listTimes) {
  console.log(
    `  samtalslistan: ${row.name.padEnd(34)} varm p50 ${ms(row.warm.p50)} p95 ${ms(row.warm.p95)}   kall p50 ${ms(row.cold.p50)} p95 ${ms(row.cold.p95)}`
  )
}
console.log(
  `  plan, samtalslistan sida 1:\n    ${plan.rows.map((r) => r['QUERY PLAN']).join('\n    ')}`
)
await client.end()
await app.terminate()
await database.stop()
