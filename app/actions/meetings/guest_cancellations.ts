/**
 * Cancellations for guests without an account (docs/adr/0031): a guest who was sent an
 * invitation (`meeting_guests.sent_at`) and is then removed from the meeting, or whose
 * meeting is cancelled, is e-mailed a calendar file with `METHOD:CANCEL`, the meeting's UID
 * and a SEQUENCE above the invitation's (RFC 5546, 3.2.5), so their calendar removes the
 * event. Queued in the transaction that removes them (`meeting_cancellations`), sent by the
 * notification sweep like the invitations (app/actions/meetings/invite_guests.ts): each row
 * claimed by a compare-and-set of its attempt count, retried up to MAX_ATTEMPTS times.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import i18nManager from '@adonisjs/i18n/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { mailEnabled } from '#services/mailer'
import { meetingCalendarFile } from '#queries/meetings/calendar'
import { MAX_ATTEMPTS, meetingWhen } from '#actions/meetings/invite_guests'

/** Queue a cancellation for each of these addresses (again, with the new sequence, if queued before). */
export async function queueGuestCancellations(
  trx: TransactionClientContract,
  meetingId: number,
  emails: string[],
  sequence: number
) {
  for (const email of emails) {
    await trx.rawQuery(
      `INSERT INTO meeting_cancellations (meeting_id, email, sequence)
       VALUES (?, ?, ?)
       ON CONFLICT (meeting_id, lower(email)) DO UPDATE
         SET sequence = EXCLUDED.sequence, status = 'pending', attempts = 0, last_error = NULL,
             sent_at = NULL, created_at = now()`,
      [meetingId, email, sequence]
    )
  }
  return emails.length
}

/**
 * A guest added again is invited again: their cancellation is dropped (one not sent yet is
 * never sent; the new invitation of one sent carries a higher SEQUENCE, see
 * schedule_meeting.ts).
 */
export async function forgetGuestCancellations(
  trx: TransactionClientContract,
  meetingId: number,
  emails: string[]
) {
  if (emails.length === 0) return
  await trx
    .from('meeting_cancellations')
    .where('meeting_id', meetingId)
    .whereIn(
      db.raw('lower(email)'),
      emails.map((email) => email.toLowerCase())
    )
    .delete()
}

/** E-mail the pending cancellations (the notification sweep). Without e-mail: 'none'. */
export async function sendGuestCancellations(now: Date) {
  const pending = await db
    .from('meeting_cancellations')
    .where('status', 'pending')
    .orderBy('id')
    .limit(200)
    .select('id', 'attempts')
  if (pending.length === 0) return 0
  if (!mailEnabled()) {
    await db
      .from('meeting_cancellations')
      .whereIn(
        'id',
        pending.map((row) => row.id)
      )
      .update({ status: 'none' })
    return 0
  }
  // guests have no account and so no language: Swedish, as their invitation was
  const i18n = i18nManager.locale('sv')
  let sent = 0
  for (const row of pending) {
    const [cancellation] = await db
      .from('meeting_cancellations')
      .where('id', row.id)
      .where('status', 'pending')
      .where('attempts', row.attempts)
      .increment('attempts', 1)
      .returning(['id', 'email', 'meeting_id', 'sequence', 'attempts'])
    if (!cancellation) continue
    const meeting = await db.from('meetings').where('id', cancellation.meeting_id).firstOrFail()
    const ics = await meetingCalendarFile(meeting, {
      guest: cancellation.email,
      cancel: true,
      sequence: Number(cancellation.sequence),
    })
    const params = {
      kind: i18n.t(`meetings.kinds.${meeting.kind}`),
      title: meeting.title,
      when: meetingWhen(meeting),
    }
    try {
      await mail.send((message) => {
        message
          .to(cancellation.email)
          .subject(i18n.t('meetings.guestMail.cancelSubject', params))
          .text(
            [
              i18n.t(
                meeting.cancelled_at
                  ? 'meetings.guestMail.cancelledIntro'
                  : 'meetings.guestMail.removedIntro',
                { ...params, kind: params.kind.toLowerCase() }
              ),
              '',
              i18n.t('meetings.guestMail.cancelCalendar'),
            ].join('\n')
          )
          .attachData(Buffer.from(ics, 'utf8'), {
            filename: `mote-${meeting.id}.ics`,
            contentType: 'text/calendar; charset=utf-8; method=CANCEL',
          })
      })
      await db
        .from('meeting_cancellations')
        .where('id', cancellation.id)
        .update({ status: 'sent', sent_at: now, last_error: null })
      sent++
    } catch (error) {
      logger.error({ err: error, cancellation: cancellation.id }, 'meeting cancellation failed')
      await db
        .from('meeting_cancellations')
        .where('id', cancellation.id)
        .update({
          status: Number(cancellation.attempts) >= MAX_ATTEMPTS ? 'failed' : 'pending',
          last_error: String((error as Error)?.message ?? error).slice(0, 500),
        })
    }
  }
  return sent
}
