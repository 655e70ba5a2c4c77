/**
 * Supplier quality for any date range (issue 17 point 4, docs/adr/0030), from the stored
 * aggregates — whole months from the monthly sums, partial months from the daily ones
 * (docs/adr/0032): all hours, or the clock hours within opening hours — plus the supplier's
 * statistics for entry numbers without call records, as a month does.
 *
 * A range is summed from its months: each month's counts use the targets in force on the
 * month's first day in the range (as the month view), and its call cost is rounded to the
 * öre once per month. So a range of whole months equals the sum of those months' figures
 * exactly (tests/functional/range_quality.spec.ts).
 */
import db from '@adonisjs/lucid/services/db'
import { cachedQuality } from '#queries/quality/quality_cache'
import { qualityTargets, targetsOn } from '#queries/quality/month_quality'
import {
  addCounts,
  countBuckets,
  emptyCounts,
  figuresFromCounts,
  type BucketCount,
  type QualityCounts,
} from '#domain/service_level'
import { answerTimeDistribution } from '#domain/answer_times'
import { lastDayOfMonth, monthsOfRange, type DateRange } from '#domain/date_ranges'

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

const isWholeMonth = (piece: { period: string; from: string; to: string }) =>
  piece.from === `${piece.period}-01` &&
  piece.to === lastDayOfMonth(Number(piece.period.slice(0, 4)), Number(piece.period.slice(5, 7)))

/**
 * A range as the aggregates hold it (docs/adr/0032): its whole months from a monthly table,
 * its partial edge months (at most two) from the daily one, summed per month. A year is a
 * few thousand monthly rows instead of a year of daily rows.
 */
function rangePieces(range: DateRange) {
  const pieces = monthsOfRange(range)
  return {
    months: pieces.filter(isWholeMonth).map((piece) => piece.from),
    edges: pieces.filter((piece) => !isWholeMonth(piece)),
  }
}

/**
 * One statement over a range's pieces: `whole` reads the monthly rows of the whole months
 * (its `?` is the months' first days), `edge` the daily rows of one partial month (its
 * `?`s are the edge's first and last day). Both name their columns alike: either may come
 * first in the UNION, which takes its names.
 */
async function readPieces(range: DateRange, whole: string, edge: string) {
  const { months, edges } = rangePieces(range)
  const parts = [...(months.length > 0 ? [whole] : []), ...edges.map(() => edge)]
  if (parts.length === 0) return []
  const { rows } = await db.rawQuery(parts.join(' UNION ALL '), [
    ...(months.length > 0 ? [months] : []),
    ...edges.flatMap((piece) => [piece.from, piece.to]),
  ])
  return rows as Record<string, any>[]
}

/**
 * Bucket rows per month and entry number: all hours (call_monthly, call_daily) or within
 * opening hours (call_monthly_open, call_daily_open — the open clock hours of the calendar).
 */
async function bucketRows(range: DateRange, openHours: boolean) {
  const [monthly, daily] = openHours
    ? ['call_monthly_open', 'call_daily_open']
    : ['call_monthly', 'call_daily']
  const rows = await readPieces(
    range,
    `SELECT to_char(month, 'YYYY-MM') AS period, entry_number, outcome, wait_bucket, calls,
            wait_seconds, talk_seconds
       FROM ${monthly} WHERE month = ANY(?::date[])`,
    `SELECT to_char(min(day), 'YYYY-MM') AS period, entry_number, outcome, wait_bucket,
            sum(calls)::int AS calls, sum(wait_seconds)::bigint AS wait_seconds,
            sum(talk_seconds)::bigint AS talk_seconds
       FROM ${daily} WHERE day BETWEEN ? AND ?
      GROUP BY 2, 3, 4`
  )
  return rows.map(toBucketRow)
}

/** The call cost per month in öre, rounded once per month (all hours). */
async function monthlyCostOre(range: DateRange) {
  const rows = await readPieces(
    range,
    `SELECT to_char(month, 'YYYY-MM') AS period, round(sum(cost) * 100)::bigint AS cost_ore
       FROM call_monthly WHERE month = ANY(?::date[]) GROUP BY 1`,
    `SELECT to_char(min(day), 'YYYY-MM') AS period, round(sum(cost) * 100)::bigint AS cost_ore
       FROM call_daily WHERE day BETWEEN ? AND ? HAVING count(*) > 0`
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
  const buckets = await bucketRows(range, openHours)
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
 * Calls transferred (Kopplat) and messages left (Meddelande) per organisation in a range:
 * whole months from call_monthly_org, partial months from call_hourly_org (hours in
 * Stockholm time). The counts are reused until the data
 * changes (quality_cache.ts: call_hourly_org is written only in the statement that writes
 * call_daily, whose trigger marks the change); the organisations' codes and names are read
 * fresh, so a renamed organisation shows its new name at once (bench/quality, issue 17).
 */
export async function transferredPerOrganisation(range: DateRange) {
  const counts = await cachedQuality(`transfers:${range.from}:${range.to}`, async () => {
    const rows = await readPieces(
      range,
      `SELECT organisation_id, outcome, calls FROM call_monthly_org WHERE month = ANY(?::date[])`,
      `SELECT organisation_id, outcome, sum(calls)::int AS calls FROM call_hourly_org
        WHERE hour >= (?::date::timestamp AT TIME ZONE 'Europe/Stockholm')
          AND hour < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')
        GROUP BY 1, 2`
    )
    const byId = new Map<number, { id: number; transferred: number; messages: number }>()
    for (const row of rows) {
      const id = row.organisation_id as number
      let found = byId.get(id)
      if (!found) byId.set(id, (found = { id, transferred: 0, messages: 0 }))
      if (row.outcome === 'kopplat') found.transferred += row.calls
      else if (row.outcome === 'meddelande') found.messages += row.calls
    }
    return [...byId.values()]
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
