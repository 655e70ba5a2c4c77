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

/**
 * The calls a filter matches for a reader (`call_records as c`), unordered: what the list
 * pages through and what its count counts when the aggregates cannot (call_count.ts).
 */
export function filteredCalls(filter: CallFilter, reader: CallReader) {
  const query = db
    .from('call_records as c')
    .whereRaw(`c.started_at >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${filter.from} 00:00`,
    ])
    .whereRaw(`c.started_at < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${addDays(filter.to, 1)} 00:00`,
    ])
  readerScope(query, reader)
  if (filter.weekday !== undefined)
    query.whereRaw(`extract(isodow from c.started_at AT TIME ZONE 'Europe/Stockholm') = ?`, [
      filter.weekday,
    ])
  if (filter.hour !== undefined)
    query.whereRaw(`extract(hour from c.started_at AT TIME ZONE 'Europe/Stockholm') = ?`, [
      filter.hour,
    ])
  if (filter.entry) query.where('c.entry_number', filter.entry)
  if (filter.outcome === 'besvarade') query.whereIn('c.outcome', ['besvarat', ...TRANSFERRED])
  else if (filter.outcome) query.where('c.outcome', filter.outcome)
  if (filter.extension) query.where('c.extension', filter.extension)
  if (filter.organisationId !== undefined) query.where('c.organisation_id', filter.organisationId)
  if (filter.waitMax !== undefined) query.where('c.wait_seconds', '<=', filter.waitMax)
  if (filter.waitMin !== undefined) query.where('c.wait_seconds', '>', filter.waitMin)
  return query
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
  const query = filteredCalls(filter, reader).leftJoin(
    'organisations as o',
    'o.id',
    'c.organisation_id'
  )
  const cursor = position.cursor ?? null
  const newer = cursor?.direction === 'newer'
  if (cursor)
    query.whereRaw(`(c.started_at, c.call_id) ${newer ? '>' : '<'} (?::timestamptz, ?)`, [
      cursor.startedAt,
      cursor.callId,
    ])
  const order = newer ? 'asc' : 'desc'
  query
    .orderBy('c.started_at', order)
    .orderBy('c.call_id', order)
    .limit(CALLS_PER_PAGE + 1)
  if (!cursor) query.offset((position.page - 1) * CALLS_PER_PAGE)
  const found = await query.select(columns)
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
