/**
 * A month's supplier quality from the daily aggregate (call_daily), per day in
 * Stockholm time, with the targets that were in force (quality_targets has validity
 * dates). The month's figures use the targets in force on its first day.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { cachedQualities, cachedQuality } from '#queries/quality/quality_cache'
import {
  addCounts,
  countBuckets,
  emptyCounts,
  figuresFromCounts,
  qualityFigures,
  type BucketCount,
  type QualityCounts,
  type QualityTargets,
} from '#domain/service_level'

export interface TargetRow extends QualityTargets {
  validFrom: string
}

export async function qualityTargets(
  client: QueryClientContract = db.connection()
): Promise<TargetRow[]> {
  const rows = await client
    .from('quality_targets')
    .orderBy('valid_from')
    .select(
      db.raw(`to_char(valid_from, 'YYYY-MM-DD') as valid_from`),
      'target_seconds',
      'short_abandon_seconds',
      'service_level_target',
      'abandon_rate_target'
    )
  return rows.map((row) => ({
    validFrom: row.valid_from,
    targetSeconds: row.target_seconds,
    shortAbandonSeconds: row.short_abandon_seconds,
    serviceLevelTarget: Number(row.service_level_target),
    abandonRateTarget: Number(row.abandon_rate_target),
  }))
}

export function targetsOn(targets: TargetRow[], day: string) {
  return [...targets].reverse().find((target) => target.validFrom <= day) ?? targets[0]
}

function nextMonthStart(period: string) {
  const [year, month] = period.split('-').map(Number)
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
}

/**
 * The month's figures. Entry numbers with call records in the month are counted from
 * them; for the others the supplier's statistics are used, never both for one entry
 * number. The result says which source was used, and warns when the statistics were
 * counted with another target time than the contract's.
 */
/** A month's figures against the targets in force (reused until the data changes). */
export function monthQuality(period: string) {
  return cachedQuality(`month:${period}`, () => computeMonthQuality(period))
}

/**
 * The month's figures computed now, on `client` (the precomputation after an import runs
 * it in its own snapshot: app/actions/quality/precompute_quality.ts).
 */
export async function computeMonthQuality(
  period: string,
  client: QueryClientContract = db.connection()
) {
  const from = `${period}-01`
  const to = nextMonthStart(period)
  const rows = await client
    .from('call_daily')
    .where('day', '>=', from)
    .where('day', '<', to)
    .groupByRaw('1, 2, 3')
    .select(
      db.raw(`to_char(day, 'YYYY-MM-DD') as day`),
      'outcome',
      'wait_bucket',
      db.raw('sum(calls)::int as calls'),
      db.raw('sum(wait_seconds)::bigint as wait_seconds'),
      db.raw('sum(talk_seconds)::bigint as talk_seconds')
    )
    .orderBy('day')
  const callEntryRows = await client
    .from('call_daily')
    .where('day', '>=', from)
    .where('day', '<', to)
    .distinct('entry_number')
  const callEntries = callEntryRows.map((row) => row.entry_number as string)
  const statistics = await client
    .from('supplier_statistics')
    .where('day', '>=', from)
    .where('day', '<', to)
    .if(callEntries.length > 0, (q) => q.whereNotIn('entry_number', callEntries))
    .select(db.raw(`to_char(day, 'YYYY-MM-DD') as day`), '*')
  const targets = await qualityTargets(client)
  const monthTargets = targetsOn(targets, from)
  const byDay = new Map<string, { buckets: BucketCount[]; extra: QualityCounts }>()
  const entry = (day: string) => {
    let found = byDay.get(day)
    if (!found) byDay.set(day, (found = { buckets: [], extra: emptyCounts() }))
    return found
  }
  for (const row of rows) {
    entry(row.day).buckets.push({
      outcome: row.outcome,
      waitBucket: row.wait_bucket,
      calls: row.calls,
      waitSeconds: Number(row.wait_seconds),
      talkSeconds: Number(row.talk_seconds),
    })
  }
  const warnings = new Set<string>()
  for (const stat of statistics) {
    const day = entry(stat.day)
    day.extra = addCounts(day.extra, {
      answered: stat.answered,
      withinTarget: stat.answered_within_target,
      abandoned: stat.abandoned,
      shortAbandons: stat.short_abandons,
      transferred: stat.transferred,
      answeredWait: Number(stat.total_wait_seconds),
      answeredTalk: Number(stat.total_talk_seconds),
    })
    const dayTarget = targetsOn(targets, stat.day).targetSeconds
    if (stat.target_seconds !== dayTarget) {
      warnings.add(
        `Leverantörens statistik för ingång ${stat.entry_number} räknar "inom mål" med ${stat.target_seconds} s, avtalet med ${dayTarget} s.`
      )
    }
  }
  let monthCounts = emptyCounts()
  const days = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, { buckets, extra }]) => {
      const dayTargets = targetsOn(targets, day)
      const counts = addCounts(countBuckets(buckets, dayTargets), extra)
      monthCounts = addCounts(monthCounts, addCounts(countBuckets(buckets, monthTargets), extra))
      return { day, targets: dayTargets, ...figuresFromCounts(counts, dayTargets) }
    })
  const source =
    rows.length > 0 && statistics.length > 0
      ? ('calls+statistics' as const)
      : rows.length > 0
        ? ('calls' as const)
        : statistics.length > 0
          ? ('statistics' as const)
          : ('none' as const)
  return {
    period,
    source,
    warnings: [...warnings],
    targets: monthTargets,
    figures: figuresFromCounts(monthCounts, monthTargets),
    days,
  }
}

/**
 * What Samtal & kvalitet shows for a month — its figures, heatmap, entry numbers and
 * 13-month trend — in one data state: one look-up of the state per page view instead of
 * one per figure (issue 18 point 4).
 */
export async function monthPageFigures(period: string) {
  const [report, heatmap, entries, trend] = await cachedQualities<
    [
      Awaited<ReturnType<typeof computeMonthQuality>>,
      Awaited<ReturnType<typeof computeWeekdayHourHeatmap>>,
      Awaited<ReturnType<typeof computePerEntryNumber>>,
      Awaited<ReturnType<typeof computeTrend13Months>>,
    ]
  >([
    [`month:${period}`, () => computeMonthQuality(period)],
    [`heatmap:${period}`, () => computeWeekdayHourHeatmap(period)],
    [`entries:${period}`, () => computePerEntryNumber(period)],
    [`trend:${period}`, () => computeTrend13Months(period)],
  ])
  return { report, heatmap, entries, trend }
}

/**
 * The figures of several months (monthQuality's) in one data state: one look-up of the state
 * for all of them (the coordinator's "Väntar på dig" checks last month and every open one).
 */
export function monthReports(periods: string[]) {
  return cachedQualities<Awaited<ReturnType<typeof computeMonthQuality>>[]>(
    periods.map((period) => [`month:${period}`, () => computeMonthQuality(period)])
  )
}

/** Calls transferred to one organisation per day of the month, and the city's total. */
/**
 * Whether any call was transferred (or a message left) in the month: the month has the
 * figures an organisation's monthly report shows (transferredToOrganisation's `city`).
 */
export async function monthHasTransfers(period: string) {
  const row = await db
    .from('call_hourly')
    .whereRaw(`hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [`${period}-01 00:00`])
    .whereRaw(`hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${nextMonthStart(period)} 00:00`,
    ])
    .whereIn('outcome', ['kopplat', 'meddelande'])
    .where('calls', '>', 0)
    .select(db.raw('1'))
    .first()
  return row !== null && row !== undefined
}

export async function transferredToOrganisation(period: string, organisationId: number) {
  const range = (table: string) =>
    db
      .from(table)
      .whereRaw(`hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [`${period}-01 00:00`])
      .whereRaw(`hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
        `${nextMonthStart(period)} 00:00`,
      ])
      .whereIn('outcome', ['kopplat', 'meddelande'])
      .groupByRaw('1')
      .select(
        db.raw(`to_char(hour AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') as day`),
        db.raw('sum(calls)::int as calls')
      )
  const city = await range('call_hourly')
  const own = await range('call_hourly_org').where('organisation_id', organisationId)
  const ownByDay = new Map(own.map((row) => [row.day as string, row.calls as number]))
  return city
    .map((row) => ({
      day: row.day as string,
      own: ownByDay.get(row.day) ?? 0,
      city: row.calls as number,
    }))
    .sort((a, b) => (a.day < b.day ? -1 : 1))
}

/**
 * Figures grouped by a key computed in SQL, over a Stockholm-time range: from call_daily
 * (keys of `day`), call_monthly for whole months (keys of `month`: the same sums, a month
 * of daily rows summed ahead, migration 0220) or call_hourly for keys that need the hour
 * (the heatmap).
 */
async function groupedFigures(
  client: QueryClientContract,
  fromLocal: string,
  toLocal: string,
  keySql: string,
  targetDay: (key: string) => string,
  table: 'call_daily' | 'call_monthly' | 'call_hourly' = 'call_daily'
) {
  const sums =
    'sum(calls)::int as calls, sum(wait_seconds)::bigint as wait_seconds, sum(talk_seconds)::bigint as talk_seconds'
  let rows: Record<string, any>[]
  if (table === 'call_hourly') {
    // the hours summed over the entry numbers first, so the key (two time-zone conversions)
    // is computed once per hour, outcome and bucket rather than per stored row: the same sums
    const { rows: hourly } = await client.rawQuery(
      `SELECT ${keySql} AS key, outcome, wait_bucket, ${sums}
         FROM (SELECT hour, outcome, wait_bucket, sum(calls) AS calls,
                      sum(wait_seconds) AS wait_seconds, sum(talk_seconds) AS talk_seconds
                 FROM call_hourly
                WHERE hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')
                  AND hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')
                GROUP BY 1, 2, 3) summed
        GROUP BY 1, 2, 3`,
      [`${fromLocal} 00:00`, `${toLocal} 00:00`]
    )
    rows = hourly
  } else {
    const column = table === 'call_daily' ? 'day' : 'month'
    rows = await client
      .from(table)
      .where(column, '>=', fromLocal)
      .where(column, '<', toLocal)
      .groupByRaw('1, 2, 3')
      .select(db.raw(`${keySql} as key`), 'outcome', 'wait_bucket', db.raw(sums))
  }
  const targets = await qualityTargets(client)
  const groups = new Map<string, BucketCount[]>()
  for (const row of rows) {
    let group = groups.get(row.key)
    if (!group) groups.set(row.key, (group = []))
    group.push({
      outcome: row.outcome,
      waitBucket: row.wait_bucket,
      calls: row.calls,
      waitSeconds: Number(row.wait_seconds),
      talkSeconds: Number(row.talk_seconds),
    })
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, buckets]) => ({
      key,
      ...qualityFigures(buckets, targetsOn(targets, targetDay(key))),
    }))
}

/**
 * Weekday × hour of the month (Stockholm time): volume and service level per cell (reused
 * until the data changes: call_hourly is written only in the transactions that write
 * call_daily, whose trigger marks the change).
 */
export function weekdayHourHeatmap(period: string) {
  return cachedQuality(`heatmap:${period}`, () => computeWeekdayHourHeatmap(period))
}

export async function computeWeekdayHourHeatmap(
  period: string,
  client: QueryClientContract = db.connection()
) {
  const cells = await groupedFigures(
    client,
    `${period}-01`,
    nextMonthStart(period),
    `extract(isodow from hour AT TIME ZONE 'Europe/Stockholm')::int || '-' || lpad(extract(hour from hour AT TIME ZONE 'Europe/Stockholm')::text, 2, '0')`,
    () => `${period}-01`,
    'call_hourly'
  )
  const hours = [...new Set(cells.map((cell) => cell.key.split('-')[1]))].sort()
  const byKey = new Map(cells.map((cell) => [cell.key, cell]))
  return {
    hours,
    weekdays: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      cells: hours.map((hour) => byKey.get(`${weekday}-${hour}`) ?? null),
    })),
  }
}

/** The month per entry number (the number the public called), reused until the data changes. */
export function perEntryNumber(period: string) {
  return cachedQuality(`entries:${period}`, () => computePerEntryNumber(period))
}

export function computePerEntryNumber(
  period: string,
  client: QueryClientContract = db.connection()
) {
  return groupedFigures(
    client,
    `${period}-01`,
    nextMonthStart(period),
    'entry_number',
    () => `${period}-01`
  )
}

/** The 13 months up to and including the period, each with the targets of its first day. */
export function trend13Months(period: string) {
  return cachedQuality(`trend:${period}`, () => computeTrend13Months(period))
}

/** Whole months: read from call_monthly (13 months of monthly rows, not ~400 days of daily ones). */
export function computeTrend13Months(
  period: string,
  client: QueryClientContract = db.connection()
) {
  const [year, month] = period.split('-').map(Number)
  const from = `${year - 1}-${String(month).padStart(2, '0')}-01`
  return groupedFigures(
    client,
    from,
    nextMonthStart(period),
    `to_char(month, 'YYYY-MM')`,
    (key) => `${key}-01`,
    'call_monthly'
  )
}
