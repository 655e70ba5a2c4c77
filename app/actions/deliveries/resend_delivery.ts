/**
 * "Skicka igen" (issue 16, point 1; docs/adr/0025): the coordinator queues a sent or failed
 * delivery once more — to the organisation's invoice e-mail or contacts as they are now —
 * and the log says who did it. A delivery under way (queued, sending) is left alone, and one
 * whose organisation has no address to send to is refused with that reason. An invoice that
 * has been credited is not sent again as a bill to pay (refused, naming the credit note; its
 * credit note can be sent again), and while e-mail is not set up nothing is queued: it would
 * only fail and use an attempt.
 */
import db from '@adonisjs/lucid/services/db'
import { enqueueJob } from '#services/job_queue'
import { recordAudit } from '#services/audit'
import { deliveryRecipients, mayResend, type DeliveryRefusal } from '#domain/deliveries'
import { organisationContactEmails } from '#queries/notifications/recipients'
import { DELIVERY_JOB } from '#actions/deliveries/queue_document_delivery'
import { creditNotesOf } from '#queries/invoices/credit_notes'
import { mailEnabled } from '#services/mailer'

export type ResendResult =
  | { ok: true; number: string }
  | { ok: false; error: DeliveryRefusal; params?: Record<string, string> }

export async function resendDelivery(deliveryId: number, userId: number): Promise<ResendResult> {
  return db.transaction(async (trx) => {
    const delivery = await trx
      .from('document_deliveries as d')
      .join('invoices as i', 'i.id', 'd.invoice_id')
      .where('d.id', deliveryId)
      .forUpdate('d')
      .join('organisations as o', 'o.id', 'd.organisation_id')
      .select(
        'd.id',
        'd.status',
        'd.organisation_id',
        'd.invoice_id',
        'o.invoice_email',
        'i.number'
      )
      .first()
    if (!delivery) return { ok: false as const, error: 'notFound' as const }
    if (!mayResend(delivery.status)) return { ok: false as const, error: 'inProgress' as const }
    const credits = await creditNotesOf(delivery.invoice_id, trx)
    if (credits.length > 0)
      return {
        ok: false as const,
        error: 'credited' as const,
        params: { number: String(delivery.number), credits: credits.join(', ') },
      }
    if (!mailEnabled()) return { ok: false as const, error: 'mailOff' as const }
    // nobody to send to as the organisation is now: say so, rather than queue a sure failure
    const contacts = await organisationContactEmails(delivery.organisation_id)
    if (!deliveryRecipients(delivery.invoice_email, contacts))
      return { ok: false as const, error: 'noRecipients' as const }
    await trx.from('document_deliveries').where('id', delivery.id).update({
      status: 'queued',
      queued_at: new Date(),
      claim_token: null,
      resent_by: userId,
      resent_at: new Date(),
    })
    await trx
      .table('document_delivery_events')
      .insert({ delivery_id: delivery.id, event: 'resent', user_id: userId })
    await enqueueJob(DELIVERY_JOB, { deliveryId: delivery.id }, { client: trx })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'document_delivery',
      entityId: delivery.number,
      summary: `Utskicket av ${delivery.number} köades för att skickas igen`,
    })
    return { ok: true as const, number: String(delivery.number) }
  })
}
