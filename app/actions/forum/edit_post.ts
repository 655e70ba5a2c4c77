import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { clock } from '#services/clock'
import { withinEditWindow, type ForumRefusal } from '#domain/forum'

/** The author edits their own post within the edit window. */
export async function editOwnPost(postId: number, body: string, userId: number) {
  const post = await db.from('forum_posts').where('id', postId).firstOrFail()
  if (post.author_id !== userId)
    return { ok: false as const, error: 'onlyOwnPosts' satisfies ForumRefusal }
  if (!withinEditWindow(new Date(post.created_at).getTime(), clock.nowMs()))
    return { ok: false as const, error: 'editWindowPassed' satisfies ForumRefusal }
  await db.from('forum_posts').where('id', postId).update({ body, edited_at: new Date() })
  return { ok: true as const, threadId: Number(post.thread_id) }
}

/** The coordinator edits someone else's post; the note is shown with the post and the change is audited. */
export async function moderatorEdit(postId: number, body: string, note: string, userId: number) {
  return db.transaction(async (trx) => {
    const post = await trx.from('forum_posts').where('id', postId).firstOrFail()
    await trx
      .from('forum_posts')
      .where('id', postId)
      .update({ body, edited_at: new Date(), edit_note: note, edited_by: userId })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'forum',
      entityId: `foruminlagg-${postId}`,
      summary: `Forum: inlägget ändrades av samordnaren – ${note}`,
    })
    return { ok: true as const, threadId: Number(post.thread_id) }
  })
}
