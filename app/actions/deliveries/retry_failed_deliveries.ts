/**
 * The daily retry of failed deliveries (issue 16, point 1; docs/adr/0025): each failed one
 * whose last attempt is a day old and that has attempts left is queued again. Any instance
 * may run it at any time: the rows are taken with SKIP LOCKED and the rule is in the rows
 * (`last_attempt_at`), so running it every hour or on two instances queues each once a day.
 * While e-mail is not set up nothing is queued (no attempts are used), and an invoice credited
 * since it failed is not retried.
 */
import db from '@adonisjs/lucid/services/db'
import { enqueueJob } from '#services/job_queue'
import { clock } from '#services/clock'
import { MAX_AUTOMATIC_ATTEMPTS, RETRY_AFTER_MS, SENDING_LEASE_MS } from '#domain/deliveries'
import { DELIVERY_JOB } from '#actions/deliveries/queue_document_delivery'
import { NOT_CREDITED_SQL } from '#queries/invoices/credit_notes'
import { mailEnabled } from '#services/mailer'

export async function retryFailedDeliveries(now: Date = clock.now()) {
  // without e-mail a retry could only fail and use up an attempt: wait until it is set up
  if (!mailEnabled()) return 0
  return db.transaction(async (trx) => {
    // an invoice credited since is not sent as a bill to pay (docs/adr/0025)
    const { rows } = await trx.rawQuery(
      `SELECT id FROM document_deliveries d
        WHERE status = 'failed' AND attempts < ?
          AND (last_attempt_at IS NULL OR last_attempt_at <= ?::timestamptz - ? * interval '1 millisecond')
          AND ${NOT_CREDITED_SQL('d')}
        ORDER BY id FOR UPDATE SKIP LOCKED`,
      [MAX_AUTOMATIC_ATTEMPTS, now, RETRY_AFTER_MS]
    )
    const ids = rows.map((row: { id: number }) => Number(row.id))
    for (const id of ids) {
      await trx
        .from('document_deliveries')
        .where('id', id)
        .update({ status: 'queued', queued_at: now })
      await trx.table('document_delivery_events').insert({ delivery_id: id, event: 'retried' })
      await enqueueJob(DELIVERY_JOB, { deliveryId: id }, { client: trx })
    }
    return ids.length
  })
}

/** A delivery waiting this long with no job that could send it has lost its job. */
export const STRANDED_AFTER_MS = 60 * 60_000

/**
 * Deliveries left without a job that could send them get one again: one claimed by a
 * worker that died mid-send (its claim older than SENDING_LEASE_MS; the job queue's sweep
 * failed that job), or one queued an hour ago whose job failed before it could claim it
 * (the database was away). The sender's claim takes a stale `sending` back, so the e-mail
 * goes out; if the dead worker had sent it already, it goes out twice (ADR 0025).
 */
export async function rescueStrandedDeliveries(now: Date = clock.now()) {
  return db.transaction(async (trx) => {
    const { rows } = await trx.rawQuery(
      `SELECT d.id FROM document_deliveries d
        WHERE ((d.status = 'sending' AND d.claimed_at <= ?::timestamptz - ? * interval '1 millisecond')
               OR (d.status = 'queued' AND d.queued_at <= ?::timestamptz - ? * interval '1 millisecond'))
          AND NOT EXISTS (SELECT 1 FROM jobs j
                           WHERE j.type = ? AND j.status IN ('queued', 'running')
                             AND j.payload->>'deliveryId' = d.id::text)
        ORDER BY d.id FOR UPDATE OF d SKIP LOCKED`,
      [now, SENDING_LEASE_MS, now, STRANDED_AFTER_MS, DELIVERY_JOB]
    )
    const ids = rows.map((row: { id: number }) => Number(row.id))
    for (const id of ids) await enqueueJob(DELIVERY_JOB, { deliveryId: id }, { client: trx })
    return ids.length
  })
}
