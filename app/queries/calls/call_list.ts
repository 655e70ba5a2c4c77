/**
 * The calls behind a figure (issue 17 point 5, docs/adr/0030): call records filtered by
 * time (a date range, optionally a weekday and an hour, Stockholm time), entry number,
 * outcome, wait, extension and organisation, newest first, 50 a page; and one call by id.
 * A telephony contact's reads are always narrowed to the calls transferred to (or messages
 * left for) their own organisation.
 */
import db from '@adonisjs/lucid/services/db'
import type { DateRange } from '#domain/date_ranges'
import { addDays } from '#domain/periods'

export const CALLS_PER_PAGE = 50

export const CALL_OUTCOMES = ['besvarat', 'kopplat', 'avbrutet', 'meddelande'] as const
/** `besvarade`: all answered outcomes (Besvarat, Kopplat, Meddelande) */
export const OUTCOME_FILTERS = [...CALL_OUTCOMES, 'besvarade'] as const
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number]

export interface CallFilter extends DateRange {
  weekday?: number
  hour?: number
  entry?: string
  outcome?: OutcomeFilter
  extension?: string
  organisationId?: number
  /** answered within: wait ≤ waitMax seconds */
  waitMax?: number
  /** wait > waitMin seconds */
  waitMin?: number
}

/** Who reads: a contact's organisation, or null for the office (every call). */
export type CallReader = { organisationId: number | null }

/** The outcomes of a call that reached an organisation: what its contact sees. */
export const TRANSFERRED = ['kopplat', 'meddelande'] as const

function readerScope(query: any, reader: CallReader) {
  if (reader.organisationId !== null)
    query.where('c.organisation_id', reader.organisationId).whereIn('c.outcome', [...TRANSFERRED])
}

const columns = [
  'c.call_id',
  db.raw(
    `to_char(c.started_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI:SS') as started`
  ),
  'c.entry_number',
  'c.wait_seconds',
  'c.talk_seconds',
  'c.outcome',
  'c.extension',
  'c.cost',
  'o.code as organisation_code',
  'o.name as organisation_name',
  db.raw(`to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position`),
]

/**
 * Where a page starts: `older` — the calls after this one in the list (older, or as old
 * with a smaller id); `newer` — the calls before it. A position is the call's start (UTC,
 * to the microsecond) and id, so a page is an index seek wherever it lies (keyset), not a
 * walk over every call before it (OFFSET).
 */
export interface CallCursor {
  direction: 'older' | 'newer'
  startedAt: string
  callId: string
}

/** A filter by the clock: a weekday and/or an hour of the day, Stockholm time. */
export const byClock = (filter: CallFilter) =>
  filter.weekday !== undefined || filter.hour !== undefined

/**
 * The spans of time (`lo` ≤ t < `hi`, UTC) of a weekday and/or an hour filter within the
 * range, as a subquery ordered by `lo` (`order`): for an hour, each matching UTC hour (the
 * repeated autumn hour twice, the missing spring hour never); for a weekday alone, each
 * matching Stockholm day (midnight always exists there). A call matches the filter exactly
 * when it starts in one of them, so the list and its count find their calls by one index
 * probe per span instead of walking every call of the range and testing its clock
 * (a rare hour over a year read 1.2 M calls; BENCHMARKS.md, issue 17 run 10). The call
 * list, its count from the calls and its count from the hourly tables use these spans.
 */
export function clockSpans(filter: CallFilter, order: 'asc' | 'desc' = 'desc') {
  const local = (value: string) => `(${value} AT TIME ZONE 'Europe/Stockholm')`
  const days = `SELECT ?::date + i AS d FROM generate_series(?, ?::date - ?::date) i`
  if (filter.hour === undefined) {
    return {
      sql: `SELECT ${local('d::timestamp')} AS lo, ${local('(d + 1)::timestamp')} AS hi
              FROM (SELECT CASE WHEN extract(isodow from d) = ? THEN d END AS d
                      FROM (${days}) days) matching
             WHERE d IS NOT NULL ORDER BY 1 ${order}`,
      bindings: [filter.weekday as number, filter.from, 0, filter.to, filter.from],
    }
  }
  // Stockholm is UTC+1 or UTC+2, so hour h starts at UTC hour h-1 or h-2 of its day or the
  // day before: two candidates a day, each tested exactly. (The test is a CASE, not a
  // WHERE, so the planner expects a span per candidate, not one in all: with one it reads
  // every call of the range and sorts them instead of going span by span.)
  const candidates = [(filter.hour + 23) % 24, (filter.hour + 22) % 24]
  const weekday = filter.weekday === undefined ? '' : `AND extract(isodow from ${local('x')}) = ?`
  return {
    sql: `SELECT lo, lo + interval '1 hour' AS hi
            FROM (SELECT CASE WHEN x >= ${local('?::timestamp')} AND x < ${local('?::timestamp')}
                                   AND extract(hour from ${local('x')}) = ? ${weekday}
                              THEN x END AS lo
                    FROM (SELECT (d::timestamp AT TIME ZONE 'UTC') + k * interval '1 hour' AS x
                            FROM (${days}) days CROSS JOIN unnest(?::int[]) k) candidates) matching
           WHERE lo IS NOT NULL ORDER BY 1 ${order}`,
    bindings: [
      `${filter.from} 00:00`,
      `${addDays(filter.to, 1)} 00:00`,
      filter.hour,
      ...(filter.weekday === undefined ? [] : [filter.weekday]),
      filter.from,
      -1,
      filter.to,
      filter.from,
      candidates,
    ],
  }
}

/**
 * The calls a filter matches for a reader (`call_records as c`), unordered: what the list
 * pages through (from `cursor` on, when given) and what its count counts when the aggregates
 * cannot (call_count.ts). A weekday or hour filter reads the calls span by span (`s`, in
 * `order`; clockSpans): the spans, then the calls of each span by a LATERAL subquery, so
 * each span is its own index probe (a plain join, or a LATERAL subquery the planner may
 * flatten into one — hence OFFSET 0 — let it read the whole month once and test every call
 * against every span: 98 000 index entries for a page of hour 9).
 */
export function filteredCalls(
  filter: CallFilter,
  reader: CallReader,
  order: 'asc' | 'desc' = 'desc',
  cursor: CallCursor | null = null
) {
  const query = db
    .from('call_records as c')
    .whereRaw(`c.started_at >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${filter.from} 00:00`,
    ])
    .whereRaw(`c.started_at < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${addDays(filter.to, 1)} 00:00`,
    ])
  readerScope(query, reader)
  if (filter.entry) query.where('c.entry_number', filter.entry)
  if (filter.outcome === 'besvarade') query.whereIn('c.outcome', ['besvarat', ...TRANSFERRED])
  else if (filter.outcome) query.where('c.outcome', filter.outcome)
  if (filter.extension) query.where('c.extension', filter.extension)
  if (filter.organisationId !== undefined) query.where('c.organisation_id', filter.organisationId)
  if (filter.waitMax !== undefined) query.where('c.wait_seconds', '<=', filter.waitMax)
  if (filter.waitMin !== undefined) query.where('c.wait_seconds', '>', filter.waitMin)
  if (cursor)
    query.whereRaw(
      `(c.started_at, c.call_id) ${cursor.direction === 'newer' ? '>' : '<'} (?::timestamptz, ?)`,
      [cursor.startedAt, cursor.callId]
    )
  if (!byClock(filter)) return query
  const spans = clockSpans(filter, order)
  const inner = query.whereRaw('c.started_at >= s.lo AND c.started_at < s.hi').select('c.*').toSQL()
  const lateral = db.query()
  // (knex's fromRaw takes bindings; its type does not say so)
  ;(lateral.knexQuery as any).fromRaw(
    `(${spans.sql}) s CROSS JOIN LATERAL (${inner.sql} OFFSET 0) c`,
    [...spans.bindings, ...inner.bindings]
  )
  return lateral
}

/**
 * One page of calls: by a cursor (the Äldre/Nyare links), or by its number (the first page;
 * a numbered deep page still works, by OFFSET). One row more is read to know whether
 * another page follows in that direction.
 */
export async function listCalls(
  filter: CallFilter,
  position: { page: number; cursor?: CallCursor | null },
  reader: CallReader
) {
  const cursor = position.cursor ?? null
  const newer = cursor?.direction === 'newer'
  const order = newer ? 'asc' : 'desc'
  // the page's calls first, their organisations joined to those 51 rows after: a join
  // over every candidate call would lose the index's order (and the early stop)
  const query = filteredCalls(filter, reader, order, cursor)
  // by the clock: span by span (their order is the calls' order, and the list stops after
  // the spans that hold its page)
  if (byClock(filter)) query.orderBy('s.lo', order)
  query
    .orderBy('c.started_at', order)
    .orderBy('c.call_id', order)
    .limit(CALLS_PER_PAGE + 1)
    .select('c.*')
  if (!cursor) query.offset((position.page - 1) * CALLS_PER_PAGE)
  const found = await db
    .from(query.as('c'))
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .orderBy('c.started_at', order)
    .orderBy('c.call_id', order)
    .select(columns)
  const more = found.length > CALLS_PER_PAGE
  const rows = found.slice(0, CALLS_PER_PAGE)
  if (newer) rows.reverse()
  const at = (row: Record<string, any> | undefined) =>
    row ? `${row.position}~${row.call_id}` : null
  return {
    rows,
    /** a page of older calls follows */
    hasMore: newer ? true : more,
    /** a page of newer calls precedes */
    hasNewer: newer ? more : cursor !== null || position.page > 1,
    /** cursors (`position~id`) of the first and last call shown */
    first: at(rows[0]),
    last: at(rows[rows.length - 1]),
  }
}

/** One call by its id (the supplier's), or null — also when a contact may not see it. */
export async function findCall(callId: string, reader: CallReader) {
  const query = db
    .from('call_records as c')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .where('c.call_id', callId)
  readerScope(query, reader)
  return (await query.select(columns).first()) ?? null
}
