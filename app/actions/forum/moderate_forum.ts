import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'

export type ModerationAction = 'pin' | 'unpin' | 'lock' | 'unlock' | 'hide' | 'show'

/** The coordinator pins, locks, hides or shows; every step is audited with it. */
export async function moderate(
  target: { threadId?: number; postId?: number },
  action: ModerationAction,
  note: string,
  userId: number
) {
  await db.transaction(async (trx) => {
    if (target.threadId && ['pin', 'unpin', 'lock', 'unlock'].includes(action)) {
      const column = action.endsWith('pin') ? 'pinned' : 'locked'
      await trx
        .from('forum_threads')
        .where('id', target.threadId)
        .update({ [column]: !action.startsWith('un') })
    }
    if (target.postId && (action === 'hide' || action === 'show')) {
      await trx
        .from('forum_posts')
        .where('id', target.postId)
        .update({ hidden: action === 'hide', moderation_note: note || null })
    }
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'forum',
      entityId: target.threadId ? `forumtrad-${target.threadId}` : `foruminlagg-${target.postId}`,
      summary: `Forum: ${action}${note ? ` – ${note}` : ''}`,
    })
  })
}

/** The coordinator moves a thread to another category (audited). */
export async function moveThread(threadId: number, categoryId: number, userId: number) {
  await db.transaction(async (trx) => {
    const category = await trx.from('forum_categories').where('id', categoryId).firstOrFail()
    await trx.from('forum_threads').where('id', threadId).update({ category_id: categoryId })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'forum',
      entityId: `forumtrad-${threadId}`,
      summary: `Forum: tråden flyttad till ${category.name}`,
    })
  })
}
