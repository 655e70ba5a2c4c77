/**
 * Reads of the delivery log (issue 16, point 1; docs/adr/0025): the coordinator's list on
 * /utskick with each delivery's log, and the counts per status.
 */
import db from '@adonisjs/lucid/services/db'
import type { DeliveryStatus } from '#domain/deliveries'

export const LIST_LIMIT = 500

export async function listDeliveries(filter: { status?: DeliveryStatus | null }) {
  const rows = await db
    .from('document_deliveries as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .leftJoin('users as r', 'r.id', 'd.resent_by')
    .if(filter.status, (q) => q.where('d.status', filter.status!))
    .orderBy('d.id', 'desc')
    .limit(LIST_LIMIT)
    .select(
      'd.id',
      'd.invoice_id',
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
  return rows.map((row) => ({ ...row, events: byDelivery.get(Number(row.id)) ?? [] }))
}

/** How many deliveries are in each status. */
export async function deliveryCounts() {
  const rows = await db
    .from('document_deliveries')
    .groupBy('status')
    .select('status')
    .count('* as n')
  const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 }
  for (const row of rows) counts[row.status as DeliveryStatus] = Number(row.n)
  return counts
}
