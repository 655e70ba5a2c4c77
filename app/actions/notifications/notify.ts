import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { messageText } from '#services/notification_text'
import {
  DEFAULT_DELIVERY,
  MAIL_STATUS,
  ALWAYS_AT_ONCE_KINDS,
  type AlwaysAtOnceKind,
  type Delivery,
  type NotificationKind,
  type NotificationMessage,
} from '#domain/notifications'

/** Notify these users (inactive users and duplicates are skipped). */
export async function notify(
  userIds: number[],
  kind: NotificationKind | AlwaysAtOnceKind,
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
          (ALWAYS_AT_ONCE_KINDS as readonly string[]).includes(kind)
            ? 'direkt'
            : ((recipient.delivery as Delivery) ?? DEFAULT_DELIVERY)
        ],
    }))
  )
  return recipients.length
}
