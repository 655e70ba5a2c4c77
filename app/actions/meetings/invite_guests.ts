/**
 * The guests' e-mail invitations (docs/adr/0027): guests have no account, so they get no
 * notification; the notification sweep (start/worker.ts, `node ace notifications:send`)
 * sends each pending invitation through @adonisjs/mail with the meeting's .ics attached,
 * under the sweep's advisory lock (two instances never send the same one), and each row is
 * claimed by a compare-and-set of its attempt count besides. A failure is kept with its reason and retried by the
 * next sweeps, at most MAX_ATTEMPTS times. Without e-mail configured they are marked 'none'.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import i18nManager from '@adonisjs/i18n/services/main'
import { mailEnabled } from '#services/mailer'
import { formatDateTime } from '#domain/formatting'
import { meetingCalendarFile } from '#queries/meetings/calendar'

export const MAX_ATTEMPTS = 5

/** "2027-02-10 13:00–15:00" on the Stockholm clock, as the guests' e-mails say it. */
export function meetingWhen(meeting: { starts_at: Date; ends_at: Date }) {
  return `${formatDateTime(meeting.starts_at)}–${formatDateTime(meeting.ends_at).split(' ')[1]}`
}

export async function sendGuestInvitations(now: Date) {
  const pending = await db
    .from('meeting_guests as g')
    .join('meetings as m', 'm.id', 'g.meeting_id')
    .where('g.invitation_status', 'pending')
    .where('m.ends_at', '>', now)
    // a cancelled meeting invites nobody (those invited get a cancellation instead)
    .whereNull('m.cancelled_at')
    .orderBy('g.id')
    .limit(200)
    .select('g.id', 'g.attempts')
  if (pending.length === 0) return 0
  if (!mailEnabled()) {
    await db
      .from('meeting_guests')
      .whereIn(
        'id',
        pending.map((row) => row.id)
      )
      .update({ invitation_status: 'none' })
    return 0
  }
  const i18n = i18nManager.locale('sv')
  let sent = 0
  for (const row of pending) {
    // claim: the attempt is counted only if nobody else counted it first (compare-and-set),
    // so two instances never both send it; no transaction is held while the mail goes out
    const [guest] = await db
      .from('meeting_guests')
      .where('id', row.id)
      .where('invitation_status', 'pending')
      .where('attempts', row.attempts)
      .increment('attempts', 1)
      .returning(['id', 'email', 'meeting_id', 'attempts'])
    if (!guest) continue
    const meeting = await db.from('meetings').where('id', guest.meeting_id).firstOrFail()
    const ics = await meetingCalendarFile(meeting, { guest: guest.email })
    const when = meetingWhen(meeting)
    const kind = i18n.t(`meetings.kinds.${meeting.kind}`)
    try {
      await mail.send((message) => {
        message
          .to(guest.email)
          .subject(i18n.t('meetings.guestMail.subject', { kind, title: meeting.title, when }))
          .text(
            [
              i18n.t('meetings.guestMail.intro', {
                kind: kind.toLowerCase(),
                title: meeting.title,
              }),
              '',
              `${i18n.t('meetings.when')}: ${when}`,
              meeting.place ? `${i18n.t('meetings.place')}: ${meeting.place}` : '',
              meeting.video_url ? `${i18n.t('meetings.videoUrl')}: ${meeting.video_url}` : '',
              '',
              meeting.agenda ? `${i18n.t('meetings.agenda')}:\n${meeting.agenda}` : '',
              '',
              i18n.t('meetings.guestMail.calendar'),
            ]
              .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
              .join('\n')
          )
          .attachData(Buffer.from(ics, 'utf8'), {
            filename: `mote-${meeting.id}.ics`,
            contentType: 'text/calendar; charset=utf-8; method=REQUEST',
          })
      })
      await db
        .from('meeting_guests')
        .where('id', guest.id)
        .update({ invitation_status: 'sent', sent_at: now, last_error: null })
      sent++
    } catch (error) {
      logger.error({ err: error, guest: guest.id }, 'meeting invitation e-mail failed')
      await db
        .from('meeting_guests')
        .where('id', guest.id)
        .update({
          invitation_status: Number(guest.attempts) >= MAX_ATTEMPTS ? 'failed' : 'pending',
          last_error: String((error as Error)?.message ?? error).slice(0, 500),
        })
    }
  }
  return sent
}
