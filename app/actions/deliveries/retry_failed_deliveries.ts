/**
 * The daily retry of failed deliveries (issue 16, point 1; docs/adr/0025): each failed one
 * whose last attempt is a day old and that has attempts left is queued again. Any instance
 * may run it at any time: the rows are taken with SKIP LOCKED and the rule is in the rows
 * (`last_attempt_at`), so running it every hour or on two instances queues each once a day.
 */
import db from '@adonisjs/lucid/services/db'
import { enqueueJob } from '#services/job_queue'
import { clock } from '#services/clock'
import { MAX_AUTOMATIC_ATTEMPTS, RETRY_AFTER_MS } from '#domain/deliveries'
import { DELIVERY_JOB } from '#actions/deliveries/queue_document_delivery'

export async function retryFailedDeliveries(now: Date = clock.now()) {
  return db.transaction(async (trx) => {
    const { rows } = await trx.rawQuery(
      `SELECT id FROM document_deliveries
        WHERE status = 'failed' AND attempts < ?
          AND (last_attempt_at IS NULL OR last_attempt_at <= ?::timestamptz - ? * interval '1 millisecond')
        ORDER BY id FOR UPDATE SKIP LOCKED`,
      [MAX_AUTOMATIC_ATTEMPTS, now, RETRY_AFTER_MS]
    )
    const ids = rows.map((row: { id: number }) => Number(row.id))
    for (const id of ids) {
      await trx.from('document_deliveries').where('id', id).update({ status: 'queued' })
      await trx.table('document_delivery_events').insert({ delivery_id: id, event: 'retried' })
      await enqueueJob(DELIVERY_JOB, { deliveryId: id }, { client: trx })
    }
    return ids.length
  })
}
