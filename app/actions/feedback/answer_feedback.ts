/**
 * A telephony contact answers feedback forwarded to their organisation; the answer's time
 * is the response time. Answered once (a second answer is refused, not overwritten, so the
 * measured time stands); the coordinators are notified.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { clock } from '#services/clock'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole } from '#queries/notifications/recipients'
import type { FeedbackRefusal } from '#domain/feedback'

export async function answerFeedback(feedbackId: number, answer: string, userId: number) {
  const coordinators = await activeUsersOfRole('samordnare')
  return db.transaction(async (trx) => {
    // only an unanswered one: two contacts answering at once cannot both win
    const updated = await trx
      .from('organisation_feedback')
      .where('id', feedbackId)
      .whereNull('answered_at')
      .update({ answer, answered_by: userId, answered_at: clock.now() })
      .returning('organisation_id')
    if (updated.length === 0)
      return { ok: false as const, error: 'alreadyAnswered' satisfies FeedbackRefusal }
    const organisation = await trx
      .from('organisations')
      .where('id', updated[0].organisation_id)
      .select('name')
      .firstOrFail()
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'feedback',
      entityId: `aterkoppling-${feedbackId}`,
      summary: `Återkoppling ${feedbackId} besvarad av ${organisation.name}`,
    })
    await notify(
      coordinators,
      'feedback',
      {
        key: 'feedbackAnswered',
        params: { id: feedbackId, organisation: organisation.name },
        url: paths.feedback(feedbackId),
      },
      trx
    )
    return { ok: true as const }
  })
}
