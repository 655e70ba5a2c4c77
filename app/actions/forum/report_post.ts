import db from '@adonisjs/lucid/services/db'

/** Anyone reports a post for the coordinator to review. */
export async function reportPost(postId: number, reason: string, userId: number) {
  await db.table('forum_reports').insert({ post_id: postId, reported_by: userId, reason })
}
