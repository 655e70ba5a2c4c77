import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

export type SubscriptionTarget =
  { threadId: number; categoryId?: never } | { categoryId: number; threadId?: never }

/** Follow (or stop following) a thread or a whole category. Writing in a thread follows it. */
export async function subscribe(
  userId: number,
  target: SubscriptionTarget,
  on: boolean,
  client: QueryClientContract = db.connection()
) {
  const column = target.threadId ? 'thread_id' : 'category_id'
  const id = target.threadId ?? target.categoryId
  if (!on) {
    await client.from('forum_subscriptions').where('user_id', userId).where(column, id).delete()
    return
  }
  await client.rawQuery(
    `INSERT INTO forum_subscriptions (user_id, ${column}) VALUES (?, ?) ON CONFLICT (${column}, user_id) WHERE ${column} IS NOT NULL DO NOTHING`,
    [userId, id]
  )
}
