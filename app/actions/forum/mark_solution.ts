import db from '@adonisjs/lucid/services/db'
import type { ForumRefusal } from '#domain/forum'

/** The thread's asker (or the coordinator) marks a post as the solution. */
export async function markSolution(postId: number, user: { id: number; isCoordinator: boolean }) {
  const post = await db.from('forum_posts').where('id', postId).firstOrFail()
  const thread = await db.from('forum_threads').where('id', post.thread_id).firstOrFail()
  if (thread.author_id !== user.id && !user.isCoordinator)
    return { ok: false as const, error: 'solutionByAsker' satisfies ForumRefusal }
  await db.from('forum_threads').where('id', thread.id).update({ solution_post_id: postId })
  return { ok: true as const, threadId: Number(thread.id) }
}
