/**
 * `deliveries:send` (for cron, or when no web instance runs the job queue): the daily
 * retry and the rescue of stranded deliveries, then every queued delivery sent here and now.
 * The claim keeps it from sending one a worker is sending (docs/adr/0025); the job a
 * delivery still has in the queue then finds it sent and does nothing.
 */
import db from '@adonisjs/lucid/services/db'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import {
  rescueStrandedDeliveries,
  retryFailedDeliveries,
} from '#actions/deliveries/retry_failed_deliveries'
import { clock } from '#services/clock'

export async function sendQueuedDeliveries(now: Date = clock.now()) {
  const retried = await retryFailedDeliveries(now)
  const rescued = await rescueStrandedDeliveries(now)
  const queued = await db
    .from('document_deliveries')
    .where('status', 'queued')
    .orderBy('id')
    .select('id')
  const outcomes = { sent: 0, failed: 0, notClaimed: 0 }
  for (const delivery of queued) outcomes[await deliverDocument(Number(delivery.id))]++
  return { retried, rescued, ...outcomes }
}
