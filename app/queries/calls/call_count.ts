/**
 * How many calls the call list's filter matches ("4 312 samtal"; docs/adr/0032 §5). Where the
 * filter is expressible in the range aggregates (migration 0220) the count is their sum —
 * whole months from the monthly table, the partial first and last month from the daily (or
 * hourly) one — so a month of a million calls costs a few thousand aggregate rows. Otherwise
 * (weekday, hour, extension, a wait that is not a bucket boundary, an organisation together
 * with entry or wait, or a range reaching back before the latest retention cutoff, whose calls
 * are gone but whose aggregates stay) the calls are counted, at most COUNT_CAP + 1 of them.
 */
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { RawQueryBindings } from '@adonisjs/lucid/types/querybuilder'
import { rangeDays, rangePieces } from '#domain/date_ranges'
import { addDays } from '#domain/periods'
import { isBucketBoundary } from '#domain/wait_buckets'
import { latestRetentionCutoff } from '#actions/retention/apply_retention'
import {
  byClock,
  clockSpans,
  filteredCalls,
  TRANSFERRED,
  type CallFilter,
  type CallReader,
} from '#queries/calls/call_list'

/** A weekday or hour filter is summed from the hourly tables over at most this many days. */
export const HOURLY_DAYS = 92

/** Counted from the calls, the count stops here: more is shown as "fler än 10 000". */
export const COUNT_CAP = 10_000

/**
 * The count's time budget: a count that would take longer is not waited for, and the page
 * says the calls were not counted (docs/adr/0032 §5) — the list never waits longer for it.
 * CALL_COUNT_BUDGET_MS overrides it (the tests give themselves 2 s: bin/test.ts).
 */
export const COUNT_BUDGET_MS = 75

export interface CallCount {
  /** the number of calls, or COUNT_CAP + 1 when there are more than COUNT_CAP; null: not counted */
  calls: number | null
  /** more than COUNT_CAP calls match (only when counted from the calls) */
  overCap: boolean
  /** where the count came from */
  source: 'aggregates' | 'calls'
  /** the cap of a count from the calls */
  cap: number
  /** not counted: it would have taken longer than its budget (COUNT_BUDGET_MS) */
  timedOut: boolean
}

const bound = (value: number | undefined) => value === undefined || isBucketBoundary(value)

/** Which aggregate answers the filter for this reader: the histogram, the per-organisation table, or none. */
export function aggregateFor(
  filter: CallFilter,
  reader: CallReader
): 'histogram' | 'organisation' | null {
  if (filter.extension) return null
  // a weekday or an hour is read from the hourly tables, for a range of at most a quarter
  if (byClock(filter) && rangeDays(filter) > HOURLY_DAYS) return null
  const byOrganisation = reader.organisationId !== null || filter.organisationId !== undefined
  if (byOrganisation)
    return filter.entry || filter.waitMax !== undefined || filter.waitMin !== undefined
      ? null
      : 'organisation'
  return bound(filter.waitMax) && bound(filter.waitMin) ? 'histogram' : null
}

function outcomeSql(filter: CallFilter, reader: CallReader, where: string[], values: unknown[]) {
  if (filter.outcome === 'besvarade') where.push(`outcome IN ('besvarat', 'kopplat', 'meddelande')`)
  else if (filter.outcome) {
    where.push('outcome = ?')
    values.push(filter.outcome)
  }
  if (reader.organisationId !== null) {
    where.push(`outcome IN (${TRANSFERRED.map(() => '?').join(', ')})`)
    values.push(...TRANSFERRED)
  }
}

async function sumAggregates(
  client: QueryClientContract,
  filter: CallFilter,
  reader: CallReader,
  kind: 'histogram' | 'organisation'
) {
  // by the clock (weekday, hour): the whole range from the hourly table, Stockholm time
  const { months: whole, edges } = byClock(filter)
    ? { months: [], edges: [{ from: filter.from, to: filter.to }] }
    : rangePieces(filter)
  const where: string[] = []
  const values: unknown[] = []
  let source = ''
  const parts: unknown[] = []
  // the hours of the edges; by the clock, only the clock hours asked for (an index probe
  // per matching hour instead of reading every hour of the range): the spans of the call
  // list's own clock filter, as the hours they hold
  const stockholm = (value: string) => `(${value}::timestamp AT TIME ZONE 'Europe/Stockholm')`
  const spans = byClock(filter) ? clockSpans(filter) : null
  const hours = spans
    ? `hour IN (SELECT generate_series(s.lo, s.hi - interval '1 hour', interval '1 hour')
                  FROM (${spans.sql}) s)`
    : edges.map(() => `(hour >= ${stockholm('?')} AND hour < ${stockholm('?')})`).join(' OR ') ||
      'false'
  const hourValues = spans
    ? spans.bindings
    : edges.flatMap((edge) => [`${edge.from} 00:00`, `${addDays(edge.to, 1)} 00:00`])
  if (kind === 'histogram' && spans) {
    source = `SELECT calls, entry_number, outcome, wait_bucket FROM call_hourly WHERE ${hours}`
    parts.push(...hourValues)
  } else if (kind === 'histogram') {
    const days = edges.map(() => '(day BETWEEN ?::date AND ?::date)').join(' OR ') || 'false'
    source = `SELECT calls, entry_number, outcome, wait_bucket FROM call_monthly WHERE month = ANY(?::date[])
      UNION ALL
      SELECT calls, entry_number, outcome, wait_bucket FROM call_daily WHERE ${days}`
    parts.push(whole)
    for (const edge of edges) parts.push(edge.from, edge.to)
  }
  if (kind === 'histogram') {
    if (filter.entry) {
      where.push('entry_number = ?')
      values.push(filter.entry)
    }
    if (filter.waitMax !== undefined) {
      where.push('wait_bucket <= ?')
      values.push(filter.waitMax)
    }
    if (filter.waitMin !== undefined) {
      where.push('wait_bucket > ?')
      values.push(filter.waitMin)
    }
  } else {
    source = `SELECT calls, organisation_id, outcome FROM call_monthly_org WHERE month = ANY(?::date[])
      UNION ALL
      SELECT calls, organisation_id, outcome FROM call_hourly_org WHERE ${hours}`
    parts.push(whole, ...hourValues)
    for (const organisationId of [reader.organisationId, filter.organisationId ?? null]) {
      if (organisationId === null) continue
      where.push('organisation_id = ?')
      values.push(organisationId)
    }
  }
  outcomeSql(filter, reader, where, values)
  const { rows } = await client.rawQuery(
    `SELECT coalesce(sum(calls), 0)::bigint AS n FROM (${source}) a
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
    [...parts, ...values] as RawQueryBindings
  )
  return Number(rows[0].n)
}

/** The calls the list shows for this filter and reader, counted (see the module comment). */
export async function countCalls(
  filter: CallFilter,
  reader: CallReader,
  budgetMs: number = env.get('CALL_COUNT_BUDGET_MS', COUNT_BUDGET_MS)
): Promise<CallCount> {
  const kind = aggregateFor(filter, reader)
  const cutoff = kind ? await latestRetentionCutoff() : null
  const fromAggregates = kind !== null && (cutoff === null || filter.from >= cutoff)
  try {
    return await db.transaction(async (trx) => {
      // the count's time budget, for this transaction only (restored after, so a caller's
      // enclosing transaction keeps its own)
      const { rows: set } = await trx.rawQuery(
        `SELECT current_setting('statement_timeout') AS previous,
                set_config('statement_timeout', ?, true) AS budget`,
        [`${Math.max(1, Math.round(budgetMs))}ms`]
      )
      const count = fromAggregates
        ? {
            calls: await sumAggregates(trx, filter, reader, kind!),
            overCap: false,
            source: 'aggregates' as const,
          }
        : await countFromCalls(trx, filter, reader)
      await trx.rawQuery(`SELECT set_config('statement_timeout', ?, true)`, [set[0].previous])
      return { ...count, cap: COUNT_CAP, timedOut: false }
    })
  } catch (error) {
    // 57014 query_canceled: the budget ran out
    if ((error as { code?: string }).code !== '57014') throw error
    return {
      calls: null,
      overCap: false,
      source: fromAggregates ? 'aggregates' : 'calls',
      cap: COUNT_CAP,
      timedOut: true,
    }
  }
}

async function countFromCalls(client: QueryClientContract, filter: CallFilter, reader: CallReader) {
  const capped = filteredCalls(filter, reader)
    .select(db.raw('1'))
    .limit(COUNT_CAP + 1)
  const counted = await client.from(capped.as('capped')).count('* as n').first()
  const calls = Number(counted.n)
  return { calls, overCap: calls > COUNT_CAP, source: 'calls' as const }
}
