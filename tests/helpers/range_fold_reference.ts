/**
 * The range view's figures as they were computed until issue 17's cold target (commit
 * c15e289): the bucket rows of each month read into the app and folded there with the
 * domain's `countBuckets`, one month and entry number at a time. Kept verbatim as the
 * reference the SQL fold (app/queries/quality/range_quality.ts) must equal exactly
 * (tests/functional/quality_precomputed.spec.ts).
 */
import db from '@adonisjs/lucid/services/db'
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
import { monthsOfRange, rangePieces, type DateRange } from '#domain/date_ranges'

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
export async function referenceRangeQuality(range: DateRange, openHours: boolean) {
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
