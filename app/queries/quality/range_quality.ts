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
import { monthsOfRange, rangePieces, type DateRange } from '#domain/date_ranges'

/**
 * One statement over a range's pieces: `whole` reads the monthly rows of the whole months
 * (its `?` is the months' first days), `edge` the daily rows of one partial month (its
 * `?`s are the edge's first and last day). Both name their columns alike: either may come
 * first in the UNION, which takes its names. Returns the UNION's text and its bindings.
 */
function pieceSql(range: DateRange, whole: string, edge: string) {
  const { months, edges } = rangePieces(range)
  const parts = [...(months.length > 0 ? [whole] : []), ...edges.map(() => edge)]
  return {
    sql: parts.join(' UNION ALL '),
    bindings: [
      ...(months.length > 0 ? [months] : []),
      ...edges.flatMap((piece) => [piece.from, piece.to]),
    ],
  }
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

/**
 * The bucket rows of a range folded in the database, one row per month and entry number:
 * the same sums `countBuckets` takes of them in JavaScript (integers, so exact), under the
 * targets in force on each month's first day, plus what the range's answer-time
 * distribution needs. All hours (call_monthly, call_daily) or within opening hours
 * (call_monthly_open, call_daily_open — the open clock hours of the calendar). A year is
 * ~25 rows to the app instead of ~3 500 bucket rows (BENCHMARKS.md, issue 17).
 */
async function entryMonthRows(
  range: DateRange,
  openHours: boolean,
  months: { period: string; targets: QualityTargets }[],
  rangeTargets: QualityTargets
): Promise<EntryMonthRow[]> {
  const [monthly, daily] = openHours
    ? ['call_monthly_open', 'call_daily_open']
    : ['call_monthly', 'call_daily']
  const pieces = pieceSql(
    range,
    `SELECT to_char(month, 'YYYY-MM') AS period, entry_number, outcome, wait_bucket, calls,
            wait_seconds, talk_seconds, cost
       FROM ${monthly} WHERE month = ANY(?::date[])`,
    `SELECT to_char(day, 'YYYY-MM') AS period, entry_number, outcome, wait_bucket, calls,
            wait_seconds, talk_seconds, cost
       FROM ${daily} WHERE day BETWEEN ? AND ?`
  )
  if (pieces.sql === '') return []
  const answered = (condition: string) => `sum(b.calls) FILTER (WHERE ${ANSWERED_SQL}${condition})`
  const { rows } = await db.rawQuery(
    `WITH t AS (
       SELECT * FROM unnest(?::text[], ?::int[], ?::int[]) AS t (period, target_seconds, short_abandon)
     ), b AS (${pieces.sql})
     SELECT b.period, b.entry_number,
            coalesce(${answered('')}, 0)::int AS answered,
            coalesce(${answered(' AND b.wait_bucket <= t.target_seconds')}, 0)::int AS within_target,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'avbrutet' AND b.wait_bucket >= t.short_abandon), 0)::int AS abandoned,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'avbrutet' AND b.wait_bucket < t.short_abandon), 0)::int AS short_abandons,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'kopplat'), 0)::int AS transferred,
            coalesce(sum(b.wait_seconds) FILTER (WHERE ${ANSWERED_SQL}), 0)::bigint AS answered_wait,
            coalesce(sum(b.talk_seconds) FILTER (WHERE ${ANSWERED_SQL}), 0)::bigint AS answered_talk,
            coalesce(sum(b.calls) FILTER (WHERE outcome = 'avbrutet' AND b.wait_bucket >= ?), 0)::int AS abandoned_range,
            ARRAY[${ANSWER_TIME_LIMITS.map((limit) => `coalesce(${answered(` AND b.wait_bucket <= ${Number(limit)}`)}, 0)::int`).join(', ')}] AS answered_within,
            round(sum(sum(b.cost)) OVER (PARTITION BY b.period) * 100)::bigint AS month_cost_ore
       FROM b JOIN t ON t.period = b.period
      GROUP BY b.period, b.entry_number
      ORDER BY b.period, b.entry_number`,
    [
      months.map((month) => month.period),
      months.map((month) => month.targets.targetSeconds),
      months.map((month) => month.targets.shortAbandonSeconds),
      ...pieces.bindings,
      rangeTargets.shortAbandonSeconds,
    ]
  )
  return (rows as Record<string, any>[]).map((row) => ({
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
  }))
}

/**
 * The supplier's statistics of a range summed per month, entry number and the target time
 * they were counted with (integers, so the same sums as row by row).
 */
async function statisticsRows(range: DateRange) {
  const { rows } = await db.rawQuery(
    `SELECT to_char(day, 'YYYY-MM') AS period, entry_number, target_seconds,
            sum(answered)::bigint AS answered, sum(answered_within_target)::bigint AS within_target,
            sum(abandoned)::bigint AS abandoned, sum(short_abandons)::bigint AS short_abandons,
            sum(transferred)::bigint AS transferred, sum(total_wait_seconds)::bigint AS wait_seconds,
            sum(total_talk_seconds)::bigint AS talk_seconds
       FROM supplier_statistics WHERE day BETWEEN ? AND ?
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [range.from, range.to]
  )
  return (rows as Record<string, any>[]).map((row) => ({
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
  }))
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
  const targets = await qualityTargets()
  const months = monthsOfRange(range).map((month) => ({
    ...month,
    targets: targetsOn(targets, month.from),
  }))
  const rangeTargets = targetsOn(targets, range.from)
  const rows = await entryMonthRows(range, openHours, months, rangeTargets)
  const statistics = openHours ? [] : await statisticsRows(range)
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
 * Calls transferred (Kopplat) and messages left (Meddelande) per organisation in a range:
 * whole months from call_monthly_org, partial months from call_hourly_org (hours in
 * Stockholm time). The counts are reused until the data
 * changes (quality_cache.ts: call_hourly_org is written only in the statement that writes
 * call_daily, whose trigger marks the change); the organisations' codes and names are read
 * fresh, so a renamed organisation shows its new name at once (bench/quality, issue 17).
 */
export async function transferredPerOrganisation(range: DateRange) {
  const counts = await cachedQuality(`transfers:${range.from}:${range.to}`, () =>
    computeTransferCounts(range)
  )
  const [named] = await withOrganisationNames([counts])
  return named
}

interface TransferCount {
  id: number
  transferred: number
  messages: number
}

/** The counts per organisation id, summed in SQL over the range's pieces (integers). */
async function computeTransferCounts(range: DateRange): Promise<TransferCount[]> {
  const pieces = pieceSql(
    range,
    `SELECT organisation_id, outcome, calls FROM call_monthly_org WHERE month = ANY(?::date[])`,
    `SELECT organisation_id, outcome, calls FROM call_hourly_org
      WHERE hour >= (?::date::timestamp AT TIME ZONE 'Europe/Stockholm')
        AND hour < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')`
  )
  if (pieces.sql === '') return []
  const { rows } = await db.rawQuery(
    `SELECT organisation_id AS id,
            coalesce(sum(calls) FILTER (WHERE outcome = 'kopplat'), 0)::int AS transferred,
            coalesce(sum(calls) FILTER (WHERE outcome = 'meddelande'), 0)::int AS messages
       FROM (${pieces.sql}) p
      GROUP BY 1 ORDER BY 1`,
    pieces.bindings
  )
  return rows as TransferCount[]
}

/**
 * The organisations' codes and names, read fresh (a renamed organisation shows its new name
 * at once), in one query for all the lists given; each list sorted by code.
 */
async function withOrganisationNames(lists: TransferCount[][]) {
  const ids = [...new Set(lists.flat().map((row) => row.id))]
  const organisations =
    ids.length === 0
      ? []
      : await db.from('organisations').whereIn('id', ids).select('id', 'code', 'name')
  const byId = new Map(organisations.map((row) => [row.id as number, row]))
  return lists.map((counts) =>
    counts
      .filter((row) => byId.has(row.id))
      .map((row) => ({
        id: row.id,
        code: byId.get(row.id)!.code as string,
        name: byId.get(row.id)!.name as string,
        transferred: row.transferred,
        messages: row.messages,
      }))
      .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
  )
}

/**
 * What the range page shows — the range and the same range last year, all hours and within
 * opening hours, and the transfers per organisation of both — in one data state: one look-up
 * of the state (and of stored figures) per page view instead of six (issue 17, issue 18).
 */
export async function rangePageFigures(range: DateRange, lastYear: DateRange) {
  type Figures = Awaited<ReturnType<typeof computeRangeQuality>>
  const figures = (of: DateRange, openHours: boolean) =>
    [
      `range:${of.from}:${of.to}:${openHours ? 'open' : 'all'}`,
      () => computeRangeQuality(of, openHours),
    ] as [string, () => Promise<Figures>]
  const transfers = (of: DateRange) =>
    [`transfers:${of.from}:${of.to}`, () => computeTransferCounts(of)] as [
      string,
      () => Promise<TransferCount[]>,
    ]
  const [current, currentOpen, before, beforeOpen, transfersNow, transfersBefore] =
    await cachedQualities<[Figures, Figures, Figures, Figures, TransferCount[], TransferCount[]]>([
      figures(range, false),
      figures(range, true),
      figures(lastYear, false),
      figures(lastYear, true),
      transfers(range),
      transfers(lastYear),
    ])
  const [organisations, lastYearOrganisations] = await withOrganisationNames([
    transfersNow,
    transfersBefore,
  ])
  return { current, currentOpen, before, beforeOpen, organisations, lastYearOrganisations }
}
