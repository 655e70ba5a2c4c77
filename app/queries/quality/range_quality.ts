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
import { cachedQualities, cachedQuality } from '#queries/quality/quality_cache'
import { qualityTargets, targetsOn } from '#queries/quality/month_quality'
import {
  addCounts,
  emptyCounts,
  figuresFromCounts,
  type QualityCounts,
  type QualityTargets,
} from '#domain/service_level'
import { ANSWER_TIME_LIMITS, answerTimeDistribution } from '#domain/answer_times'
import { OVERFLOW_BUCKET } from '#domain/wait_buckets'
import { monthsOfRange, type DateRange } from '#domain/date_ranges'
import { taggedPieceSql } from '#queries/quality/range_pieces'
import {
  computeTransferCounts,
  computeTransferCountsOf,
  withOrganisationNames,
  type TransferCount,
} from '#queries/quality/range_transfers'

/** One read of a range: all hours, or within opening hours. */
interface RangeRead {
  range: DateRange
  openHours: boolean
}

/** A read with its months and the targets in force (each month's, and the range's). */
interface PlannedRead extends RangeRead {
  months: { period: string; from: string; to: string; targets: QualityTargets }[]
  rangeTargets: QualityTargets
}

/** What one month and entry number's bucket rows fold to (`countBuckets`), counted in SQL. */
interface EntryMonthRow {
  period: string
  entryNumber: string
  counts: QualityCounts
  /** Avbrutet at or above the range's (not the month's) short-abandon limit */
  abandonedAtRangeLimit: number
  /** answered calls with a wait ≤ each ANSWER_TIME_LIMITS entry, in that order */
  answeredWithin: number[]
  /** the month's call cost in öre, rounded once per month (the same on each of its rows) */
  monthCostOre: number
}

const ANSWERED_SQL = `outcome IN ('besvarat', 'kopplat', 'meddelande')`
const BUCKET_COLUMNS = 'entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost'

/**
 * The bucket rows of several reads folded in the database in one statement, one row per
 * read, month and entry number: the same sums `countBuckets` takes of them in JavaScript
 * (integers, so exact), under the targets in force on each month's first day, plus what
 * each range's answer-time distribution needs. All hours (call_monthly, call_daily) or
 * within opening hours (call_monthly_open, call_daily_open — the open clock hours of the
 * calendar). The rows are grouped and joined to their targets by the month as a date: a
 * text key made per bucket row cost about half of the statement (BENCHMARKS.md, issue 17
 * run 10). A year is ~25 rows per read to the app instead of ~3 500 bucket rows.
 */
async function entryMonthRows(reads: PlannedRead[]): Promise<EntryMonthRow[][]> {
  const parts: string[] = []
  const bindings: unknown[] = []
  for (const open of [false, true]) {
    const [monthly, daily] = open
      ? ['call_monthly_open', 'call_daily_open']
      : ['call_monthly', 'call_daily']
    const pieces = taggedPieceSql(
      reads.flatMap((read, tag) => (read.openHours === open ? [{ tag, range: read.range }] : [])),
      `SELECT ?::int AS r, month, ${BUCKET_COLUMNS} FROM ${monthly} WHERE month = ANY(?::date[])`,
      `SELECT ?::int AS r, date_trunc('month', day::timestamp)::date AS month, ${BUCKET_COLUMNS}
         FROM ${daily} WHERE day BETWEEN ? AND ?`
    )
    if (pieces.sql === '') continue
    parts.push(pieces.sql)
    bindings.push(...pieces.bindings)
  }
  const result: EntryMonthRow[][] = reads.map(() => [])
  if (parts.length === 0) return result
  const targets = reads.flatMap((read, index) =>
    read.months.map((month) => ({ index, month, rangeTargets: read.rangeTargets }))
  )
  const answered = (condition: string) => `sum(b.calls) FILTER (WHERE ${ANSWERED_SQL}${condition})`
  const { rows } = await db.rawQuery(
    `WITH t AS (
       SELECT * FROM unnest(?::int[], ?::date[], ?::int[], ?::int[], ?::int[])
                  AS t (r, month, target_seconds, short_abandon, range_short_abandon)
     ), b AS (${parts.join(' UNION ALL ')})
     SELECT b.r, to_char(b.month, 'YYYY-MM') AS period, b.entry_number,
            coalesce(${answered('')}, 0)::int AS answered,
            coalesce(${answered(' AND b.wait_bucket <= t.target_seconds')}, 0)::int AS within_target,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'avbrutet' AND b.wait_bucket >= t.short_abandon), 0)::int AS abandoned,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'avbrutet' AND b.wait_bucket < t.short_abandon), 0)::int AS short_abandons,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'kopplat'), 0)::int AS transferred,
            coalesce(sum(b.wait_seconds) FILTER (WHERE ${ANSWERED_SQL}), 0)::bigint AS answered_wait,
            coalesce(sum(b.talk_seconds) FILTER (WHERE ${ANSWERED_SQL}), 0)::bigint AS answered_talk,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'avbrutet' AND b.wait_bucket >= t.range_short_abandon), 0)::int AS abandoned_range,
            ARRAY[${ANSWER_TIME_LIMITS.map((limit) => `coalesce(${answered(` AND b.wait_bucket <= ${Number(limit)}`)}, 0)::int`).join(', ')}] AS answered_within,
            round(sum(sum(b.cost)) OVER (PARTITION BY b.r, b.month) * 100)::bigint AS month_cost_ore
       FROM b JOIN t ON t.r = b.r AND t.month = b.month
      GROUP BY b.r, b.month, b.entry_number
      ORDER BY b.r, b.month, b.entry_number`,
    [
      targets.map((target) => target.index),
      targets.map((target) => `${target.month.period}-01`),
      targets.map((target) => target.month.targets.targetSeconds),
      targets.map((target) => target.month.targets.shortAbandonSeconds),
      targets.map((target) => target.rangeTargets.shortAbandonSeconds),
      ...bindings,
    ]
  )
  for (const row of rows as Record<string, any>[]) {
    result[row.r].push({
      period: row.period,
      entryNumber: row.entry_number,
      counts: {
        answered: row.answered,
        withinTarget: row.within_target,
        abandoned: row.abandoned,
        shortAbandons: row.short_abandons,
        transferred: row.transferred,
        answeredWait: Number(row.answered_wait),
        answeredTalk: Number(row.answered_talk),
      },
      abandonedAtRangeLimit: row.abandoned_range,
      answeredWithin: row.answered_within,
      monthCostOre: Number(row.month_cost_ore),
    })
  }
  return result
}

interface StatisticsRow {
  period: string
  entryNumber: string
  targetSeconds: number
  counts: QualityCounts
}

/**
 * The supplier's statistics of several ranges (one statement), each summed per month,
 * entry number and the target time they were counted with (integers, so the same sums as
 * row by row).
 */
async function statisticsRows(ranges: DateRange[]): Promise<StatisticsRow[][]> {
  const result: StatisticsRow[][] = ranges.map(() => [])
  if (ranges.length === 0) return result
  const { rows } = await db.rawQuery(
    `SELECT q.r, to_char(s.day, 'YYYY-MM') AS period, s.entry_number, s.target_seconds,
            sum(s.answered)::bigint AS answered, sum(s.answered_within_target)::bigint AS within_target,
            sum(s.abandoned)::bigint AS abandoned, sum(s.short_abandons)::bigint AS short_abandons,
            sum(s.transferred)::bigint AS transferred, sum(s.total_wait_seconds)::bigint AS wait_seconds,
            sum(s.total_talk_seconds)::bigint AS talk_seconds
       FROM unnest(?::date[], ?::date[]) WITH ORDINALITY AS q (first_day, last_day, r)
       JOIN supplier_statistics s ON s.day BETWEEN q.first_day AND q.last_day
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [ranges.map((range) => range.from), ranges.map((range) => range.to)]
  )
  for (const row of rows as Record<string, any>[]) {
    result[Number(row.r) - 1].push({
      period: row.period as string,
      entryNumber: row.entry_number as string,
      targetSeconds: row.target_seconds as number,
      counts: {
        answered: Number(row.answered),
        withinTarget: Number(row.within_target),
        abandoned: Number(row.abandoned),
        shortAbandons: Number(row.short_abandons),
        transferred: Number(row.transferred),
        answeredWait: Number(row.wait_seconds),
        answeredTalk: Number(row.talk_seconds),
      } satisfies QualityCounts,
    })
  }
  return result
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

/** The range's figures computed now (rangeQuality reuses them until the data changes). */
export async function computeRangeQuality(range: DateRange, openHours: boolean) {
  const [figures] = await computeRangeReads([{ range, openHours }])
  return figures
}

/**
 * Several ranges' figures computed now, in three statements whatever their number: the
 * targets, every read's bucket rows folded (entryMonthRows), and the supplier's statistics
 * of the all-hours reads.
 */
async function computeRangeReads(reads: RangeRead[]) {
  const targets = await qualityTargets()
  const planned: PlannedRead[] = reads.map((read) => ({
    ...read,
    months: monthsOfRange(read.range).map((month) => ({
      ...month,
      targets: targetsOn(targets, month.from),
    })),
    rangeTargets: targetsOn(targets, read.range.from),
  }))
  const rows = await entryMonthRows(planned)
  const allHours = planned.flatMap((read, index) => (read.openHours ? [] : [index]))
  const statistics = await statisticsRows(allHours.map((index) => planned[index].range))
  return planned.map((read, index) =>
    foldRange(read, rows[index], read.openHours ? [] : statistics[allHours.indexOf(index)])
  )
}

/** One range's figures from its folded rows and the supplier's statistics. */
function foldRange(read: PlannedRead, rows: EntryMonthRow[], statistics: StatisticsRow[]) {
  const { range, openHours, months, rangeTargets } = read
  const costs = new Map<string, number>()
  if (!openHours) for (const row of rows) costs.set(row.period, row.monthCostOre)
  let total = emptyCounts()
  const perMonth = new Map<string, QualityCounts>()
  const perEntry = new Map<string, QualityCounts>()
  const add = (map: Map<string, QualityCounts>, key: string, counts: QualityCounts) =>
    map.set(key, addCounts(map.get(key) ?? emptyCounts(), counts))
  const warnings = new Set<string>()
  // the distribution's buckets: answered calls within each limit, and above the last
  const answeredWithin = ANSWER_TIME_LIMITS.map(() => 0)
  let answeredAll = 0
  let abandonedAtRangeLimit = 0
  for (const month of months) {
    const entries = new Set<string>()
    for (const row of rows) {
      if (row.period !== month.period) continue
      entries.add(row.entryNumber)
      total = addCounts(total, row.counts)
      add(perMonth, month.period, row.counts)
      add(perEntry, row.entryNumber, row.counts)
      row.answeredWithin.forEach((calls, index) => (answeredWithin[index] += calls))
      answeredAll += row.counts.answered
      abandonedAtRangeLimit += row.abandonedAtRangeLimit
    }
    for (const stat of statistics) {
      if (stat.period !== month.period || entries.has(stat.entryNumber)) continue
      total = addCounts(total, stat.counts)
      add(perMonth, month.period, stat.counts)
      add(perEntry, stat.entryNumber, stat.counts)
      if (stat.targetSeconds !== month.targets.targetSeconds) {
        warnings.add(`statisticsTarget:${stat.entryNumber}:${stat.targetSeconds}`)
      }
    }
  }
  const figures = figuresFromCounts(total, rangeTargets)
  const costOre = [...costs.values()].reduce((sum, ore) => sum + ore, 0)
  // the answered calls as buckets at the distribution's limits (its counts are exact there)
  const limitBuckets = ANSWER_TIME_LIMITS.map((limit, index) => ({
    outcome: 'besvarat' as const,
    waitBucket: limit as number,
    calls: answeredWithin[index] - (index === 0 ? 0 : answeredWithin[index - 1]),
  }))
  limitBuckets.push({
    outcome: 'besvarat',
    waitBucket: OVERFLOW_BUCKET,
    calls: answeredAll - (answeredWithin.at(-1) ?? 0),
  })
  return {
    from: range.from,
    to: range.to,
    openHours,
    source:
      rows.length > 0 && statistics.length > 0
        ? ('calls+statistics' as const)
        : rows.length > 0
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
    months: months.map((month) => ({
      period: month.period,
      from: month.from,
      to: month.to,
      targets: month.targets,
      figures: figuresFromCounts(perMonth.get(month.period) ?? emptyCounts(), month.targets),
      costOre: costs.get(month.period) ?? 0,
    })),
    entries: [...perEntry.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([entryNumber, counts]) => ({
        entryNumber,
        figures: figuresFromCounts(counts, rangeTargets),
      })),
    /** from call records only (the statistics carry no wait buckets) */
    distribution: answerTimeDistribution(limitBuckets, answeredAll + abandonedAtRangeLimit),
  }
}

/** A range's warning code (`statisticsTarget:<entry>:<seconds>`) as an i18n key and its data. */
export function rangeWarning(code: string): [string, Record<string, string>] {
  const [kind, entry, seconds] = code.split(':')
  return [`qualityRange.warnings.${kind}`, { entry, seconds }]
}

export type RangeQuality = Awaited<ReturnType<typeof rangeQuality>>

/**
 * What the range page shows — the range and the same range last year, all hours and within
 * opening hours, and the transfers per organisation of both — in one data state: one look-up
 * of the state (and of stored figures) per page view instead of six (issue 17, issue 18).
 */
export async function rangePageFigures(range: DateRange, lastYear: DateRange) {
  type Figures = Awaited<ReturnType<typeof computeRangeQuality>>
  const reads = new Map<string, RangeRead>()
  const transferRanges = new Map<string, DateRange>()
  const figures = (of: DateRange, openHours: boolean) => {
    const key = `range:${of.from}:${of.to}:${openHours ? 'open' : 'all'}`
    reads.set(key, { range: of, openHours })
    return [key, () => computeRangeQuality(of, openHours)] as [string, () => Promise<Figures>]
  }
  const transfers = (of: DateRange) => {
    const key = `transfers:${of.from}:${of.to}`
    transferRanges.set(key, of)
    return [key, () => computeTransferCounts(of)] as [string, () => Promise<TransferCount[]>]
  }
  // those not already known are computed together: one statement for the folds of every
  // read, one for the statistics, one for the transfers (BENCHMARKS.md, issue 17 run 10)
  const together = async (keys: string[]) => {
    const readKeys = keys.filter((key) => reads.has(key))
    const transferKeys = keys.filter((key) => transferRanges.has(key))
    const computed = new Map<string, unknown>()
    if (readKeys.length > 0) {
      const values = await computeRangeReads(readKeys.map((key) => reads.get(key)!))
      readKeys.forEach((key, index) => computed.set(key, values[index]))
    }
    if (transferKeys.length > 0) {
      const values = await computeTransferCountsOf(
        transferKeys.map((key) => transferRanges.get(key)!)
      )
      transferKeys.forEach((key, index) => computed.set(key, values[index]))
    }
    return computed
  }
  const [current, currentOpen, before, beforeOpen, transfersNow, transfersBefore] =
    await cachedQualities<[Figures, Figures, Figures, Figures, TransferCount[], TransferCount[]]>(
      [
        figures(range, false),
        figures(range, true),
        figures(lastYear, false),
        figures(lastYear, true),
        transfers(range),
        transfers(lastYear),
      ],
      together
    )
  const [organisations, lastYearOrganisations] = await withOrganisationNames([
    transfersNow,
    transfersBefore,
  ])
  return { current, currentOpen, before, beforeOpen, organisations, lastYearOrganisations }
}
