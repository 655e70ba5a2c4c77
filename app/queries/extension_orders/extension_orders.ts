/**
 * Extension orders as their readers see them: a contact their own organisation's and the
 * moves that give an extension to it (read-only: its cost changes; the actions act only on
 * the ordering organisation's), never another organisation's (it does not exist for them);
 * the office everything.
 */
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { EXTENSION_ORDER_STATUSES, type ExtensionOrderStatus } from '#domain/extension_orders'

export interface OrderReader {
  isContact: boolean
  organisationId: number | null
}

const COLUMNS = [
  'x.id',
  'x.kind',
  'x.number',
  'x.name',
  'x.type',
  'x.status',
  'x.note',
  'x.source',
  'x.decision_comment',
  'x.organisation_id',
  'x.target_organisation_id',
  db.raw(`to_char(x.wished_date, 'YYYY-MM-DD') AS wished_date`),
  db.raw(`to_char(x.performed_on, 'YYYY-MM-DD') AS performed_on`),
  'x.created_at',
  'x.decided_at',
  'x.sent_at',
  'x.done_at',
  'x.cancelled_at',
  'x.sent_via',
  'x.decided_by',
  'x.sent_by',
  'x.done_by',
  'x.cancelled_by',
  'o.code as organisation_code',
  'o.name as organisation_name',
  't.code as target_code',
  't.name as target_name',
  'u.full_name as ordered_by_name',
]

function base(reader: OrderReader) {
  const query = db
    .from('extension_orders as x')
    .join('organisations as o', 'o.id', 'x.organisation_id')
    .leftJoin('organisations as t', 't.id', 'x.target_organisation_id')
    .leftJoin('users as u', 'u.id', 'x.ordered_by')
    .select(COLUMNS)
  // a contact never reads another organisation's orders, whatever they ask for
  if (reader.isContact) concerning(query, reader.organisationId ?? 0, 'x.')
  return query
}

/** The orders of an organisation, and the moves that give an extension to it. */
function concerning(query: DatabaseQueryBuilderContract, organisationId: number, prefix = '') {
  return query.where((q) =>
    q
      .where(`${prefix}organisation_id`, organisationId)
      .orWhere((move) =>
        move.where(`${prefix}kind`, 'move').where(`${prefix}target_organisation_id`, organisationId)
      )
  )
}

export interface OrderFilter {
  status?: string | null
  page?: number
}

/** Newest first, optionally one state; 50 a page. */
export function extensionOrdersFor(reader: OrderReader, filter: OrderFilter = {}) {
  const query = base(reader).orderBy('x.id', 'desc')
  if (
    filter.status &&
    (EXTENSION_ORDER_STATUSES as readonly string[]).includes(filter.status as ExtensionOrderStatus)
  )
    query.where('x.status', filter.status)
  return query.paginate(filter.page ?? 1, 50)
}

/** One order, or a 404 (also for a contact asking for another organisation's). */
export function extensionOrderForReaderOrFail(id: number, reader: OrderReader) {
  return base(reader).where('x.id', id).firstOrFail()
}

/** The names of the people who acted on orders, by user id (for an order's history). */
export async function actorNames(ids: (number | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))]
  if (wanted.length === 0) return new Map<number, string>()
  const rows = await db.from('users').whereIn('id', wanted).select('id', 'full_name')
  return new Map<number, string>(rows.map((row) => [Number(row.id), row.full_name as string]))
}

/** How many orders wait in each state (the coordinator's overview). */
export async function orderCountsByStatus(reader: OrderReader) {
  const query = db
    .from('extension_orders')
    .groupBy('status')
    .select('status', db.raw('count(*)::int AS count'))
  if (reader.isContact) concerning(query, reader.organisationId ?? 0)
  const rows = await query
  return Object.fromEntries(rows.map((row) => [row.status, row.count])) as Record<string, number>
}

/** The orders not yet done or closed of one organisation, for the cost summary. */
export function pendingOrdersOf(organisationId: number) {
  return db
    .from('extension_orders')
    .whereIn('status', ['ny', 'godkand', 'skickad'])
    .where((q) =>
      q.where('organisation_id', organisationId).orWhere('target_organisation_id', organisationId)
    )
    .select(
      'id',
      'kind',
      'organisation_id',
      'target_organisation_id',
      db.raw(`to_char(wished_date, 'YYYY-MM-DD') AS wished_date`)
    )
}

/** Active organisations a move may go to (code and name only). */
export function moveTargets(today: string) {
  return db
    .from('organisations')
    .where('active_from', '<=', today)
    .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', today))
    .orderBy('code')
    .select('id', 'code', 'name')
}
