/**
 * Queue an issued invoice or credit note for e-mail to its organisation (issue 16, point
 * 1; docs/adr/0025), inside the transaction that issues it: the delivery row, the first
 * line of its log and the job that sends it commit with the document or not at all.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { enqueueJobs } from '#services/job_queue'

export const DELIVERY_JOB = 'deliver_document'

export async function queueDocumentDelivery(trx: TransactionClientContract, invoiceId: number) {
  const [delivery] = await queueDocumentDeliveries(trx, [invoiceId])
  return delivery ?? null
}

/**
 * Queue several documents at once (a month's invoices): three statements whatever their
 * number. A document already queued is left as it is. Returns the new deliveries' ids.
 */
export async function queueDocumentDeliveries(
  trx: TransactionClientContract,
  invoiceIds: number[]
) {
  if (invoiceIds.length === 0) return []
  const inserted = await trx.rawQuery(
    `INSERT INTO document_deliveries (invoice_id, organisation_id)
     SELECT id, organisation_id FROM invoices WHERE id = ANY(?::bigint[]) ORDER BY id
     ON CONFLICT (invoice_id) DO NOTHING
     RETURNING id`,
    [invoiceIds]
  )
  const deliveries: number[] = (inserted.rows as { id: number }[])
    .map((row) => Number(row.id))
    .sort((a, b) => a - b)
  if (deliveries.length === 0) return []
  await trx
    .table('document_delivery_events')
    .multiInsert(deliveries.map((id) => ({ delivery_id: id, event: 'queued' })))
  await enqueueJobs(
    DELIVERY_JOB,
    deliveries.map((deliveryId) => ({ deliveryId })),
    { client: trx }
  )
  return deliveries
}
