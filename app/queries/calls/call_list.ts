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

const TRANSFERRED = ['kopplat', 'meddelande']

function readerScope(query: any, reader: CallReader) {
  if (reader.organisationId !== null)
    query.where('c.organisation_id', reader.organisationId).whereIn('c.outcome', TRANSFERRED)
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
]

/** One page of calls (one row more is read to know whether another page follows). */
export async function listCalls(filter: CallFilter, page: number, reader: CallReader) {
  const query = db
    .from('call_records as c')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
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
  const rows = await query
    .orderBy('c.started_at', 'desc')
    .orderBy('c.call_id', 'desc')
    .limit(CALLS_PER_PAGE + 1)
    .offset((page - 1) * CALLS_PER_PAGE)
    .select(columns)
  return { rows: rows.slice(0, CALLS_PER_PAGE), hasMore: rows.length > CALLS_PER_PAGE }
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
