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
import i18nManager from '@adonisjs/i18n/services/main'

export const NOTIFICATION_KINDS = ['forum_reply', 'routine', 'meeting', 'deviation'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]
/**
 * Notices about the user's own account (a locked account): always e-mailed at once when
 * e-mail is configured, whatever the user chose for the other kinds, and not a choice on
 * the preferences page.
 */
export const SECURITY_KIND = 'security'
export const DELIVERIES = ['direkt', 'vecka', 'av'] as const
export type Delivery = (typeof DELIVERIES)[number]
export const DEFAULT_DELIVERY: Delivery = 'direkt'

const MAIL_STATUS: Record<Delivery, string> = { direkt: 'pending', vecka: 'digest', av: 'none' }

export const MESSAGE_KEYS = [
  'forumNewThread',
  'forumReply',
  'routineToAcknowledge',
  'routineReminder',
  'meetingInvitation',
  'meetingMoved',
  'meetingReminder',
  'meetingMinutes',
  'deviationAnswered',
  'accountLocked',
] as const
export type MessageKey = (typeof MESSAGE_KEYS)[number]

export interface NotificationMessage {
  /** the text, `notifications.messages.<key>` in resources/lang */
  key: MessageKey
  params: Record<string, string | number>
  /** a path inside the application (app/domain/paths.ts) */
  url: string
}

/** A notification's text in a language (Swedish when the user has none). */
export function messageText(
  locale: string | null | undefined,
  key: string,
  params: Record<string, string>
) {
  return i18nManager.locale(locale || 'sv').t(`notifications.messages.${key}`, params)
}

/** Notify these users (inactive users and duplicates are skipped). */
export async function notify(
  userIds: number[],
  kind: NotificationKind | typeof SECURITY_KIND,
  message: NotificationMessage,
  client: QueryClientContract = db.connection()
) {
  // values as text: a number would be formatted with digit grouping ("avvikelse nr 1 234")
  const params = Object.fromEntries(
    Object.entries(message.params).map(([name, value]) => [name, String(value)])
  )
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return 0
  const recipients = await client
    .from('users as u')
    .leftJoin('notification_preferences as p', (join) =>
      join.on('p.user_id', 'u.id').andOnVal('p.kind', kind)
    )
    .whereIn('u.id', ids)
    .where('u.is_active', true)
    .select('u.id', 'p.delivery')
  if (recipients.length === 0) return 0
  await client.table('notifications').multiInsert(
    recipients.map((recipient) => ({
      user_id: recipient.id,
      kind,
      title: messageText('sv', message.key, params).slice(0, 300),
      message_key: message.key,
      params: JSON.stringify(params),
      url: message.url,
      mail_status:
        MAIL_STATUS[
          kind === SECURITY_KIND ? 'direkt' : ((recipient.delivery as Delivery) ?? DEFAULT_DELIVERY)
        ],
    }))
  )
  return recipients.length
}

/** The user's choice per kind (the default where none is stored). */
export async function preferencesOf(userId: number): Promise<Record<NotificationKind, Delivery>> {
  const rows = await db.from('notification_preferences').where('user_id', userId)
  const stored = Object.fromEntries(rows.map((row) => [row.kind, row.delivery]))
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, stored[kind] ?? DEFAULT_DELIVERY])
  ) as Record<NotificationKind, Delivery>
}

export async function savePreferences(userId: number, choices: Record<NotificationKind, Delivery>) {
  await db.transaction(async (trx) => {
    await trx.from('notification_preferences').where('user_id', userId).delete()
    await trx
      .table('notification_preferences')
      .multiInsert(
        NOTIFICATION_KINDS.map((kind) => ({ user_id: userId, kind, delivery: choices[kind] }))
      )
  })
}

export async function unreadCount(userId: number) {
  const row = await db
    .from('notifications')
    .where('user_id', userId)
    .whereNull('read_at')
    .count('* as count')
    .first()
  return Number(row?.count ?? 0)
}

function absoluteUrl(path: string) {
  return `${(env.get('APP_URL') ?? 'http://localhost:3333').replace(/\/$/, '')}${path}`
}

const footer = (locale: string | null) =>
  i18nManager.locale(locale || 'sv').t('notifications.mailFooter')

/** A stored notification's text in the reader's language. */
export function titleOf(notification: {
  title: string
  message_key: string | null
  params: Record<string, string> | null
  locale?: string | null
}) {
  return notification.message_key
    ? messageText(notification.locale, notification.message_key, notification.params ?? {})
    : notification.title
}

/** E-mail the notifications waiting to go out at once. Without e-mail configured they stay in-app only. */
export async function sendPendingMail() {
  const pending = await db
    .from('notifications as n')
    .join('users as u', 'u.id', 'n.user_id')
    .where('n.mail_status', 'pending')
    .orderBy('n.id')
    .limit(500)
    .select('n.id', 'n.title', 'n.message_key', 'n.params', 'n.url', 'u.email', 'u.locale')
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
      await mail.send((message) => {
        message
          .to(notification.email)
          .subject(`Växelnavet: ${title}`)
          .text(`${title}\n\n${absoluteUrl(notification.url)}\n\n${footer(notification.locale)}`)
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
