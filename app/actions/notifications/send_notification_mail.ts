/**
 * E-mail of notifications, sent by the notification sweep (never inside the request that
 * caused them): the ones chosen "direkt" at once, the weekly digest of the ones chosen
 * "vecka". Without e-mail configured they stay in-app only.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import i18nManager from '@adonisjs/i18n/services/main'
import env from '#start/env'
import { mailEnabled } from '#services/mailer'
import { titleOf } from '#services/notification_text'
import { ALWAYS_AT_ONCE_KINDS, DIGEST_INTERVAL_DAYS } from '#domain/notifications'
import { meetingCalendarFile } from '#queries/meetings/calendar'

/**
 * Invitations and moved meetings carry the meeting's calendar file (docs/adr/0027), a
 * cancelled meeting or a removed invitee its cancellation (METHOD:CANCEL, docs/adr/0031).
 */
const CALENDAR_KEYS: Record<string, 'PUBLISH' | 'CANCEL'> = {
  meetingInvitation: 'PUBLISH',
  meetingMoved: 'PUBLISH',
  meetingCancelled: 'CANCEL',
  meetingUninvited: 'CANCEL',
}

async function calendarAttachment(notification: {
  message_key: string | null
  params: Record<string, string> | null
  url: string
  locale: string | null
}) {
  const method = notification.message_key ? CALENDAR_KEYS[notification.message_key] : undefined
  if (!method) return null
  // the meeting is named in the parameters (a removed invitee's link is the list) or the link
  const id =
    notification.params?.meeting ?? /^\/natverkstraffar\/(\d+)$/.exec(notification.url)?.[1]
  if (!id || !/^\d{1,9}$/.test(id)) return null
  const meeting = await db.from('meetings').where('id', Number(id)).first()
  if (!meeting) return null
  // an invitation that goes out after the meeting was cancelled carries no event
  if (method === 'PUBLISH' && meeting.cancelled_at) return null
  return {
    method,
    filename: `mote-${meeting.id}.ics`,
    content: await meetingCalendarFile(meeting, {
      locale: notification.locale || 'sv',
      cancel: method === 'CANCEL',
    }),
  }
}

function absoluteUrl(path: string) {
  return `${(env.get('APP_URL') ?? 'http://localhost:3333').replace(/\/$/, '')}${path}`
}

/**
 * The line on where to choose what is e-mailed — not on the kinds that are always e-mailed
 * at once (an announcement, a notice about one's account), where there is no choice.
 */
const footer = (locale: string | null, kind?: string) =>
  kind && (ALWAYS_AT_ONCE_KINDS as readonly string[]).includes(kind)
    ? null
    : i18nManager.locale(locale || 'sv').t('notifications.mailFooter')

/** What the e-mail says beyond its title: a driftmeddelande's own text. */
async function mailDetails(notification: {
  message_key: string | null
  params: Record<string, string> | null
}) {
  const id = notification.params?.announcement
  if (notification.message_key !== 'announcement' || !/^\d{1,9}$/.test(String(id ?? '')))
    return null
  const announcement = await db.from('announcements').where('id', Number(id)).first()
  return announcement ? String(announcement.body) : null
}

/** E-mail the notifications waiting to go out at once. Without e-mail configured they stay in-app only. */
export async function sendPendingMail() {
  const pending = await db
    .from('notifications as n')
    .join('users as u', 'u.id', 'n.user_id')
    .where('n.mail_status', 'pending')
    .orderBy('n.id')
    .limit(500)
    .select(
      'n.id',
      'n.kind',
      'n.title',
      'n.message_key',
      'n.params',
      'n.url',
      'u.email',
      'u.locale'
    )
  if (pending.length === 0) return 0
  if (!mailEnabled()) {
    await db
      .from('notifications')
      .whereIn(
        'id',
        pending.map((row) => row.id)
      )
      .update({ mail_status: 'none' })
    return 0
  }
  let sent = 0
  for (const notification of pending) {
    const title = titleOf(notification)
    try {
      const calendar = await calendarAttachment(notification)
      const text = [
        title,
        await mailDetails(notification),
        absoluteUrl(notification.url),
        footer(notification.locale, notification.kind),
      ]
        .filter((part) => part !== null)
        .join('\n\n')
      await mail.send((message) => {
        message.to(notification.email).subject(`Växelnavet: ${title}`).text(text)
        if (calendar)
          message.attachData(Buffer.from(calendar.content, 'utf8'), {
            filename: calendar.filename,
            contentType: `text/calendar; charset=utf-8; method=${calendar.method}`,
          })
      })
      await db.from('notifications').where('id', notification.id).update({ mail_status: 'sent' })
      sent++
    } catch (error) {
      logger.error(
        { err: error, notification: notification.id },
        'notification e-mail failed; retried by the next sweep'
      )
    }
  }
  return sent
}

/**
 * The weekly digest: a user with notifications chosen for the digest gets one e-mail
 * listing them once a week has passed since their previous digest (or since the oldest
 * waiting notification, before their first).
 */
export async function sendDigests(now: Date) {
  const due = await db
    .from('notifications as n')
    .join('users as u', 'u.id', 'n.user_id')
    .where('n.mail_status', 'digest')
    .groupBy('u.id', 'u.email', 'u.locale', 'u.last_digest_at')
    .havingRaw(
      `coalesce(u.last_digest_at, min(n.created_at)) <= ?::timestamptz - interval '${DIGEST_INTERVAL_DAYS} days'`,
      [now]
    )
    .select('u.id', 'u.email', 'u.locale')
  let sent = 0
  for (const user of due) {
    const items = await db
      .from('notifications')
      .where('user_id', user.id)
      .where('mail_status', 'digest')
      .orderBy('id')
    if (mailEnabled()) {
      const i18n = i18nManager.locale(user.locale || 'sv')
      await mail.send((message) => {
        message
          .to(user.email)
          .subject(`Växelnavet: ${i18n.t('notifications.digestSubject', { count: items.length })}`)
          .text(
            [
              i18n.t('notifications.digestIntro'),
              '',
              ...items.map(
                (item) =>
                  `• ${titleOf({ ...item, locale: user.locale })}\n  ${absoluteUrl(item.url)}`
              ),
              '',
              footer(user.locale),
            ].join('\n')
          )
      })
      sent++
    }
    await db
      .from('notifications')
      .whereIn(
        'id',
        items.map((item) => item.id)
      )
      .update({ mail_status: mailEnabled() ? 'sent' : 'none' })
    await db.from('users').where('id', user.id).update({ last_digest_at: now })
  }
  return sent
}
