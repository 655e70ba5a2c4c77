import db from '@adonisjs/lucid/services/db'
import { notify } from '#actions/notifications/notify'
import { paths } from '#domain/paths'
import type { ForumRefusal } from '#domain/forum'
import { subscribersOf } from '#queries/forum/threads'
import { subscribe } from '#actions/forum/subscribe_forum'

/** A reply in an open thread; the writer follows it, the followers hear of it. */
export async function reply(threadId: number, body: string, userId: number) {
  return db.transaction(async (trx) => {
    const thread = await trx.from('forum_threads').where('id', threadId).forUpdate().firstOrFail()
    if (thread.locked) return { ok: false as const, error: 'threadLocked' satisfies ForumRefusal }
    const [post] = await trx
      .table('forum_posts')
      .insert({ thread_id: threadId, author_id: userId, body })
      .returning('id')
    await trx.from('forum_threads').where('id', threadId).update({ last_post_at: new Date() })
    await subscribe(userId, { threadId }, true, trx)
    const followers = await subscribersOf({ threadId, categoryId: thread.category_id }, trx)
    await notify(
      followers.filter((id) => id !== userId),
      'forum_reply',
      { key: 'forumReply', params: { title: thread.title }, url: paths.thread(threadId, post.id) },
      trx
    )
    return { ok: true as const, postId: Number(post.id) }
  })
}
