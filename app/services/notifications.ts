/**
 * Notifications: every one lands in the user's in-app list; the user chooses per kind
 * whether it is also e-mailed at once ("direkt"), collected in a weekly digest ("vecka")
 * or not e-mailed ("av"). E-mail is sent by the notification sweep
 * (app/actions/notifications/sweep.ts), never inside the request that caused it.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { mailEnabled } from '#services/mailer'

export const NOTIFICATION_KINDS = ['forum_reply', 'routine', 'meeting', 'deviation'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]
export const DELIVERIES = ['direkt', 'vecka', 'av'] as const
export type Delivery = (typeof DELIVERIES)[number]
export const DEFAULT_DELIVERY: Delivery = 'direkt'

const MAIL_STATUS: Record<Delivery, string> = { direkt: 'pending', vecka: 'digest', av: 'none' }

/** Notify these users (inactive users and duplicates are skipped). */
export async function notify(
  userIds: number[],
  kind: NotificationKind,
  message: { title: string; url: string },
  client: QueryClientContract = db.connection()
) {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return 0
  const recipients = await client
    .from('users as u')
    .leftJoin('notification_preferences as p', (join) => join.on('p.user_id', 'u.id').andOnVal('p.kind', kind))
    .whereIn('u.id', ids)
    .where('u.is_active', true)
    .select('u.id', 'p.delivery')
  if (recipients.length === 0) return 0
  await client.table('notifications').multiInsert(
    recipients.map((recipient) => ({
      user_id: recipient.id,
      kind,
      title: message.title.slice(0, 300),
      url: message.url,
      mail_status: MAIL_STATUS[(recipient.delivery as Delivery) ?? DEFAULT_DELIVERY],
    }))
  )
  return recipients.length
}

/** The user's choice per kind (the default where none is stored). */
export async function preferencesOf(userId: number): Promise<Record<NotificationKind, Delivery>> {
  const rows = await db.from('notification_preferences').where('user_id', userId)
  const stored = Object.fromEntries(rows.map((row) => [row.kind, row.delivery]))
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, stored[kind] ?? DEFAULT_DELIVERY])) as Record<NotificationKind, Delivery>
}

export async function savePreferences(userId: number, choices: Record<NotificationKind, Delivery>) {
  await db.transaction(async (trx) => {
    await trx.from('notification_preferences').where('user_id', userId).delete()
    await trx.table('notification_preferences').multiInsert(NOTIFICATION_KINDS.map((kind) => ({ user_id: userId, kind, delivery: choices[kind] })))
  })
}

export async function unreadCount(userId: number) {
  const row = await db.from('notifications').where('user_id', userId).whereNull('read_at').count('* as count').first()
  return Number(row?.count ?? 0)
}

function absoluteUrl(path: string) {
  return `${(env.get('APP_URL') ?? 'http://localhost:3333').replace(/\/$/, '')}${path}`
}

const FOOTER = 'Du får det här meddelandet från Växelnavet. Välj vad som e-postas under Aviseringar > Inställningar.'

/** E-mail the notifications waiting to go out at once. Without e-mail configured they stay in-app only. */
export async function sendPendingMail() {
  const pending = await db
    .from('notifications as n')
    .join('users as u', 'u.id', 'n.user_id')
    .where('n.mail_status', 'pending')
    .orderBy('n.id')
    .limit(500)
    .select('n.id', 'n.title', 'n.url', 'u.email')
  if (pending.length === 0) return 0
  if (!mailEnabled()) {
    await db.from('notifications').whereIn('id', pending.map((row) => row.id)).update({ mail_status: 'none' })
    return 0
  }
  let sent = 0
  for (const notification of pending) {
    try {
      await mail.send((message) => {
        message
          .to(notification.email)
          .subject(`Växelnavet: ${notification.title}`)
          .text(`${notification.title}\n\n${absoluteUrl(notification.url)}\n\n${FOOTER}`)
      })
      await db.from('notifications').where('id', notification.id).update({ mail_status: 'sent' })
      sent++
    } catch (error) {
      logger.error({ err: error, notification: notification.id }, 'notification e-mail failed; retried by the next sweep')
    }
  }
  return sent
}

export const DIGEST_INTERVAL_DAYS = 7

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
    .groupBy('u.id', 'u.email', 'u.last_digest_at')
    .havingRaw(`coalesce(u.last_digest_at, min(n.created_at)) <= ?::timestamptz - interval '${DIGEST_INTERVAL_DAYS} days'`, [now])
    .select('u.id', 'u.email')
  let sent = 0
  for (const user of due) {
    const items = await db.from('notifications').where('user_id', user.id).where('mail_status', 'digest').orderBy('id')
    if (mailEnabled()) {
      await mail.send((message) => {
        message
          .to(user.email)
          .subject(`Växelnavet: veckosammanfattning (${items.length} ${items.length === 1 ? 'avisering' : 'aviseringar'})`)
          .text([`Det här har hänt i Växelnavet sedan förra sammanfattningen:`, '', ...items.map((item) => `• ${item.title}\n  ${absoluteUrl(item.url)}`), '', FOOTER].join('\n'))
      })
      sent++
    }
    await db.from('notifications').whereIn('id', items.map((item) => item.id)).update({ mail_status: mailEnabled() ? 'sent' : 'none' })
    await db.from('users').where('id', user.id).update({ last_digest_at: now })
  }
  return sent
}
