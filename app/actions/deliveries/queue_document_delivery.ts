/**
 * Queue an issued invoice or credit note for e-mail to its organisation (issue 16, point
 * 1; docs/adr/0025), inside the transaction that issues it: the delivery row, the first
 * line of its log and the job that sends it commit with the document or not at all.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { enqueueJob } from '#services/job_queue'

export const DELIVERY_JOB = 'deliver_document'

export async function queueDocumentDelivery(trx: TransactionClientContract, invoiceId: number) {
  const invoice = await trx
    .from('invoices')
    .where('id', invoiceId)
    .select('id', 'organisation_id')
    .firstOrFail()
  const [delivery] = await trx
    .table('document_deliveries')
    .insert({ invoice_id: invoice.id, organisation_id: invoice.organisation_id })
    .onConflict('invoice_id')
    .ignore()
    .returning('id')
  if (!delivery) return null
  await trx.table('document_delivery_events').insert({ delivery_id: delivery.id, event: 'queued' })
  await enqueueJob(DELIVERY_JOB, { deliveryId: delivery.id }, { client: trx })
  return Number(delivery.id)
}
