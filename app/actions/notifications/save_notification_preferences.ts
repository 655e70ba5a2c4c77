import db from '@adonisjs/lucid/services/db'
import { NOTIFICATION_KINDS, type Delivery, type NotificationKind } from '#domain/notifications'

/** The user's delivery per kind, replacing the earlier choice. */
export async function savePreferences(
  userId: number,
  choices: Partial<Record<NotificationKind, Delivery>>
) {
  await db.transaction(async (trx) => {
    await trx.from('notification_preferences').where('user_id', userId).delete()
    await trx.table('notification_preferences').multiInsert(
      // a kind the user is not offered (kindsFor) is left out: its default applies
      NOTIFICATION_KINDS.filter((kind) => choices[kind]).map((kind) => ({
        user_id: userId,
        kind,
        delivery: choices[kind],
      }))
    )
  })
}
