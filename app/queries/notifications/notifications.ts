/** Reads of a user's notifications: a page of them, one, the unread count, the choices. */
import db from '@adonisjs/lucid/services/db'
import {
  DEFAULT_DELIVERY,
  NOTIFICATION_KINDS,
  type Delivery,
  type NotificationKind,
} from '#domain/notifications'

/** Notifications shown per page. */
export const NOTIFICATIONS_PER_PAGE = 50

/** A page of the user's notifications, the latest first. */
export function notificationPage(userId: number, page: number) {
  return db
    .from('notifications')
    .where('user_id', userId)
    .orderBy('id', 'desc')
    .paginate(page, NOTIFICATIONS_PER_PAGE)
}

/** One of the user's own notifications; 404 for anyone else's or none. */
export function findOwnNotificationOrFail(id: number, userId: number) {
  return db.from('notifications').where('id', id).where('user_id', userId).firstOrFail()
}

/** How many of the user's notifications are unread (the header's badge). */
export async function unreadCount(userId: number) {
  const row = await db
    .from('notifications')
    .where('user_id', userId)
    .whereNull('read_at')
    .count('* as count')
    .first()
  return Number(row?.count ?? 0)
}

/** The user's choice per kind (the default where none is stored). */
export async function preferencesOf(userId: number): Promise<Record<NotificationKind, Delivery>> {
  const rows = await db.from('notification_preferences').where('user_id', userId)
  const stored = Object.fromEntries(rows.map((row) => [row.kind, row.delivery]))
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, stored[kind] ?? DEFAULT_DELIVERY])
  ) as Record<NotificationKind, Delivery>
}
