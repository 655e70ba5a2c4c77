/**
 * Supplier quality for any date range (issue 17 point 4, docs/adr/0030), from the stored
 * aggregates: call_daily (all hours) or call_hourly (the clock hours within opening hours),
 * plus the supplier's statistics for entry numbers without call records, as a month does.
 *
 * A range is summed from its months: each month's counts use the targets in force on the
 * month's first day in the range (as the month view), and its call cost is rounded to the
 * öre once per month. So a range of whole months equals the sum of those months' figures
 * exactly (tests/functional/range_quality.spec.ts).
 */
import db from '@adonisjs/lucid/services/db'
import { cachedQuality } from '#queries/quality/quality_cache'
import { qualityTargets, targetsOn } from '#queries/quality/month_quality'
import { openingCalendar } from '#queries/quality/opening_calendar'
import {
  addCounts,
  countBuckets,
  emptyCounts,
  figuresFromCounts,
  type BucketCount,
  type QualityCounts,
} from '#domain/service_level'
import { answerTimeDistribution } from '#domain/answer_times'
import { monthsOfRange, type DateRange } from '#domain/date_ranges'
import { openHourStarts } from '#domain/opening_hours'
import { addDays } from '#domain/periods'

interface BucketRow extends BucketCount {
  period: string
  entryNumber: string
}

const toBucketRow = (row: Record<string, any>): BucketRow => ({
  period: row.period,
  entryNumber: row.entry_number,
  outcome: row.outcome,
  waitBucket: row.wait_bucket,
  calls: row.calls,
  waitSeconds: Number(row.wait_seconds),
  talkSeconds: Number(row.talk_seconds),
})

/** Bucket rows per month and entry number over all hours (call_daily, by its key on day). */
/**
 * The aggregate rows are grouped by the month as a date (a hash aggregate) and only the
 * few grouped rows are formatted: grouping by the `to_char` text sorted every aggregate row
 * of the range by a collated text key, which spilled to disk for a year (BENCHMARKS.md).
 */
const groupedByMonth = (inner: string) => `
  SELECT to_char(m, 'YYYY-MM') AS period, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds
    FROM (${inner}) grouped`

async function dailyBuckets(range: DateRange) {
  const { rows } = await db.rawQuery(
    groupedByMonth(`
      SELECT date_trunc('month', day) AS m, entry_number, outcome, wait_bucket,
             sum(calls)::int AS calls, sum(wait_seconds)::bigint AS wait_seconds,
             sum(talk_seconds)::bigint AS talk_seconds
        FROM call_daily
       WHERE day BETWEEN ? AND ?
       GROUP BY 1, 2, 3, 4`),
    [range.from, range.to]
  )
  return (rows as Record<string, any>[]).map(toBucketRow)
}

async function openHourBuckets(range: DateRange) {
  const starts = openHourStarts(await openingCalendar(), range)
  if (starts.length === 0) return []
  const { rows } = await db.rawQuery(
    groupedByMonth(`
      SELECT date_trunc('month', hour AT TIME ZONE 'Europe/Stockholm') AS m, entry_number,
             outcome, wait_bucket, sum(calls)::int AS calls,
             sum(wait_seconds)::bigint AS wait_seconds, sum(talk_seconds)::bigint AS talk_seconds
        FROM call_hourly
       WHERE hour = ANY(?::timestamptz[])
       GROUP BY 1, 2, 3, 4`),
    [starts.map((ms) => new Date(ms).toISOString())]
  )
  return (rows as Record<string, any>[]).map(toBucketRow)
}

async function monthlyCostOre(range: DateRange) {
  const rows = await db
    .from('call_daily')
    .whereBetween('day', [range.from, range.to])
    .groupByRaw('1')
    .select(
      db.raw(`to_char(day, 'YYYY-MM') as period`),
      db.raw('round(sum(cost) * 100)::bigint as cost_ore')
    )
  return new Map(rows.map((row) => [row.period as string, Number(row.cost_ore)]))
}

async function statisticsRows(range: DateRange) {
  const rows = await db
    .from('supplier_statistics')
    .whereBetween('day', [range.from, range.to])
    .select(db.raw(`to_char(day, 'YYYY-MM') as period`), '*')
  return rows
}

interface Accumulated {
  counts: QualityCounts
  buckets: BucketRow[]
}

/**
 * The figures of a range: the whole, per month, per entry number, the answer-time
 * distribution and the call cost. `openHours` reads only the clock hours within the
 * switchboard's opening hours (call records only: the supplier's statistics have no hours).
 */
export function rangeQuality(range: DateRange, options: { openHours?: boolean } = {}) {
  const key = `range:${range.from}:${range.to}:${options.openHours ? 'open' : 'all'}`
  return cachedQuality(key, () => computeRangeQuality(range, Boolean(options.openHours)))
}

async function computeRangeQuality(range: DateRange, openHours: boolean) {
  const buckets = openHours ? await openHourBuckets(range) : await dailyBuckets(range)
  const statistics = openHours ? [] : await statisticsRows(range)
  const costs = openHours ? new Map<string, number>() : await monthlyCostOre(range)
  const targets = await qualityTargets()
  const months = monthsOfRange(range).map((month) => ({
    ...month,
    targets: targetsOn(targets, month.from),
  }))
  const rangeTargets = targetsOn(targets, range.from)
  const total: Accumulated = { counts: emptyCounts(), buckets: [] }
  const perMonth = new Map<string, Accumulated>()
  const perEntry = new Map<string, Accumulated>()
  const slot = (map: Map<string, Accumulated>, key: string) => {
    let found = map.get(key)
    if (!found) map.set(key, (found = { counts: emptyCounts(), buckets: [] }))
    return found
  }
  const warnings = new Set<string>()
  for (const month of months) {
    const monthBuckets = buckets.filter((row) => row.period === month.period)
    const entries = new Set(monthBuckets.map((row) => row.entryNumber))
    for (const entry of entries) {
      const entryBuckets = monthBuckets.filter((row) => row.entryNumber === entry)
      const counts = countBuckets(entryBuckets, month.targets)
      for (const target of [total, slot(perMonth, month.period), slot(perEntry, entry)]) {
        target.counts = addCounts(target.counts, counts)
        target.buckets.push(...entryBuckets)
      }
    }
    for (const stat of statistics) {
      if (stat.period !== month.period || entries.has(stat.entry_number)) continue
      const counts: QualityCounts = {
        answered: stat.answered,
        withinTarget: stat.answered_within_target,
        abandoned: stat.abandoned,
        shortAbandons: stat.short_abandons,
        transferred: stat.transferred,
        answeredWait: Number(stat.total_wait_seconds),
        answeredTalk: Number(stat.total_talk_seconds),
      }
      for (const target of [total, slot(perMonth, month.period), slot(perEntry, stat.entry_number)])
        target.counts = addCounts(target.counts, counts)
      if (stat.target_seconds !== month.targets.targetSeconds) {
        warnings.add(`statisticsTarget:${stat.entry_number}:${stat.target_seconds}`)
      }
    }
  }
  const figures = figuresFromCounts(total.counts, rangeTargets)
  const costOre = [...costs.values()].reduce((sum, ore) => sum + ore, 0)
  return {
    from: range.from,
    to: range.to,
    openHours,
    source:
      buckets.length > 0 && statistics.length > 0
        ? ('calls+statistics' as const)
        : buckets.length > 0
          ? ('calls' as const)
          : statistics.length > 0
            ? ('statistics' as const)
            : ('none' as const),
    /** codes `statisticsTarget:<entry>:<seconds>`: statistics counted with another target time */
    warnings: [...warnings],
    targets: rangeTargets,
    figures,
    costOre,
    costPerAnsweredOre: figures.answered === 0 ? null : Math.round(costOre / figures.answered),
    months: months.map((month) => {
      const found = perMonth.get(month.period)
      return {
        period: month.period,
        from: month.from,
        to: month.to,
        targets: month.targets,
        figures: figuresFromCounts(found?.counts ?? emptyCounts(), month.targets),
        costOre: costs.get(month.period) ?? 0,
      }
    }),
    entries: [...perEntry.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([entryNumber, found]) => ({
        entryNumber,
        figures: figuresFromCounts(found.counts, rangeTargets),
      })),
    /** from call records only (the statistics carry no wait buckets) */
    distribution: answerTimeDistribution(
      total.buckets,
      figuresFromCounts(countBuckets(total.buckets, rangeTargets), rangeTargets).offered
    ),
  }
}

/** A range's warning code (`statisticsTarget:<entry>:<seconds>`) as an i18n key and its data. */
export function rangeWarning(code: string): [string, Record<string, string>] {
  const [kind, entry, seconds] = code.split(':')
  return [`qualityRange.warnings.${kind}`, { entry, seconds }]
}

export type RangeQuality = Awaited<ReturnType<typeof rangeQuality>>

/**
 * Calls transferred (Kopplat) and messages left (Meddelande) per organisation in a range,
 * from call_hourly_org (hours in Stockholm time). The counts are reused until the data
 * changes (quality_cache.ts: call_hourly_org is written only in the statement that writes
 * call_daily, whose trigger marks the change); the organisations' codes and names are read
 * fresh, so a renamed organisation shows its new name at once (bench/quality, issue 17).
 */
export async function transferredPerOrganisation(range: DateRange) {
  const counts = await cachedQuality(`transfers:${range.from}:${range.to}`, async () => {
    const rows = await db
      .from('call_hourly_org as c')
      .whereRaw(`c.hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [`${range.from} 00:00`])
      .whereRaw(`c.hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
        `${addDays(range.to, 1)} 00:00`,
      ])
      .groupBy('c.organisation_id')
      .select(
        'c.organisation_id',
        db.raw(
          `coalesce(sum(c.calls) FILTER (WHERE c.outcome = 'kopplat'), 0)::int as transferred`
        ),
        db.raw(`coalesce(sum(c.calls) FILTER (WHERE c.outcome = 'meddelande'), 0)::int as messages`)
      )
    return rows.map((row) => ({
      id: row.organisation_id as number,
      transferred: row.transferred as number,
      messages: row.messages as number,
    }))
  })
  if (counts.length === 0) return []
  const organisations = await db
    .from('organisations')
    .whereIn(
      'id',
      counts.map((row) => row.id)
    )
    .select('id', 'code', 'name')
  const byId = new Map(organisations.map((row) => [row.id as number, row]))
  return counts
    .filter((row) => byId.has(row.id))
    .map((row) => ({
      id: row.id,
      code: byId.get(row.id)!.code as string,
      name: byId.get(row.id)!.name as string,
      transferred: row.transferred,
      messages: row.messages,
    }))
    .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
}
