import db from '@adonisjs/lucid/services/db'

/**
 * Mark a thread read up to a post (its last post when none is given). Only ever moves the
 * reader's own marker forward; opening a thread does it (docs/adr/0017: a read receipt is
 * the one write a page view makes).
 */
export async function markRead(threadId: number, userId: number, lastPostId?: number) {
  const last = lastPostId
    ? { id: lastPostId }
    : await db.from('forum_posts').where('thread_id', threadId).max('id as id').first()
  if (!last?.id) return
  await db.rawQuery(
    `INSERT INTO forum_reads (thread_id, user_id, last_read_post_id) VALUES (?, ?, ?)
     ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_post_id = greatest(forum_reads.last_read_post_id, EXCLUDED.last_read_post_id)`,
    [threadId, userId, last.id]
  )
}
