import db from '@adonisjs/lucid/services/db'

/** One of the user's notifications is read (opening it). */
export async function markNotificationRead(notificationId: number) {
  await db
    .from('notifications')
    .where('id', notificationId)
    .whereNull('read_at')
    .update({ read_at: new Date() })
}

/** Every unread notification of the user is read. */
export async function markAllNotificationsRead(userId: number) {
  await db
    .from('notifications')
    .where('user_id', userId)
    .whereNull('read_at')
    .update({ read_at: new Date() })
}
