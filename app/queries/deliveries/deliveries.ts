/**
 * Reads of the delivery log (issue 16, point 1; docs/adr/0025): the list on /utskick a page
 * at a time with each delivery's log, filtered by status, invoiced month and organisation —
 * a telephony contact's always their own organisation's (docs/adr/0031) — and the counts
 * per status of what the same filter shows.
 */
import db from '@adonisjs/lucid/services/db'
import type { DeliveryStatus } from '#domain/deliveries'

export const PAGE_SIZE = 50

export interface DeliveryFilter {
  status?: DeliveryStatus | null
  period?: string | null
  organisationId?: number | null
  page?: number
}

/** The deliveries the filter shows: one home for the list and its counts. */
function filtered(filter: DeliveryFilter) {
  return db
    .from('document_deliveries as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .if(filter.status, (q) => q.where('d.status', filter.status!))
    .if(filter.period, (q) => q.where('i.period', filter.period!))
    .if(filter.organisationId, (q) => q.where('d.organisation_id', filter.organisationId!))
}

/** One page of deliveries, newest first, each with its log. */
export async function listDeliveries(filter: DeliveryFilter, perPage = PAGE_SIZE) {
  const page = await filtered(filter)
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .leftJoin('users as r', 'r.id', 'd.resent_by')
    .orderBy('d.id', 'desc')
    .select(
      'd.id',
      'd.invoice_id',
      'd.organisation_id',
      'd.status',
      'd.recipients',
      'd.recipient_source',
      'd.attachments',
      'd.attempts',
      'd.last_error',
      'd.sent_at',
      'd.resent_at',
      'd.queued_at',
      'r.full_name as resent_by_name',
      'i.number',
      'i.kind',
      'i.period',
      'o.code',
      'o.name'
    )
    .paginate(filter.page ?? 1, perPage)
  const rows = page.all()
  const ids = rows.map((row) => Number(row.id))
  const events =
    ids.length === 0
      ? []
      : await db
          .from('document_delivery_events as e')
          .leftJoin('users as u', 'u.id', 'e.user_id')
          .whereIn('e.delivery_id', ids)
          .orderBy('e.id')
          .select('e.delivery_id', 'e.event', 'e.detail', 'e.created_at', 'u.full_name')
  const byDelivery = new Map<number, typeof events>()
  for (const event of events) {
    const id = Number(event.delivery_id)
    byDelivery.set(id, [...(byDelivery.get(id) ?? []), event])
  }
  return {
    paginator: page,
    deliveries: rows.map((row) => ({ ...row, events: byDelivery.get(Number(row.id)) ?? [] })),
  }
}

/** How many of the deliveries the filter shows are in each status. */
export async function deliveryCounts(filter: DeliveryFilter = {}) {
  const rows = await filtered(filter).groupBy('d.status').select('d.status').count('* as n')
  const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 }
  for (const row of rows) counts[row.status as DeliveryStatus] = Number(row.n)
  return counts
}

/** The invoiced months that have deliveries (of one organisation, when given), newest first. */
export async function deliveryPeriods(organisationId?: number | null) {
  const rows = await db
    .from('document_deliveries as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .if(organisationId, (q) => q.where('d.organisation_id', organisationId!))
    .distinct('i.period')
    .orderBy('i.period', 'desc')
  return rows.map((row) => String(row.period))
}
