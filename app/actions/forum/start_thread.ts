import db from '@adonisjs/lucid/services/db'
import { notify } from '#actions/notifications/notify'
import { paths } from '#domain/paths'
import { subscribersOf } from '#queries/forum/threads'
import { subscribe } from '#actions/forum/subscribe_forum'

/** A new thread with its opening post; the author follows it, the category's followers hear of it. */
export async function startThread(
  input: { categoryId: number; title: string; body: string },
  userId: number
) {
  return db.transaction(async (trx) => {
    const [thread] = await trx
      .table('forum_threads')
      .insert({ category_id: input.categoryId, title: input.title, author_id: userId })
      .returning('id')
    const [post] = await trx
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: userId, body: input.body })
      .returning('id')
    await trx
      .table('forum_reads')
      .insert({ thread_id: thread.id, user_id: userId, last_read_post_id: post.id })
    await subscribe(userId, { threadId: thread.id }, true, trx)
    const category = await trx.from('forum_categories').where('id', input.categoryId).firstOrFail()
    const followers = await subscribersOf({ categoryId: input.categoryId }, trx)
    await notify(
      followers.filter((id) => id !== userId),
      'forum_reply',
      {
        key: 'forumNewThread',
        params: { category: category.name, title: input.title },
        url: paths.thread(thread.id),
      },
      trx
    )
    return Number(thread.id)
  })
}
