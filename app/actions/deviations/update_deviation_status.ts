import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { notify } from '#actions/notifications/notify'
import { paths } from '#domain/paths'
import {
  CLOSING_STATUSES,
  type DEVIATION_STATUSES,
  type DeviationRefusal,
} from '#domain/deviations'

/** The coordinator triages: a new status, a comment, and an answer when it closes. */
export async function updateDeviationStatus(
  id: number,
  input: { status: (typeof DEVIATION_STATUSES)[number]; comment?: string; answer?: string },
  userId: number
) {
  const closing = CLOSING_STATUSES.includes(input.status)
  if (closing && !input.answer)
    return { ok: false as const, error: 'answerRequired' satisfies DeviationRefusal }
  await db.transaction(async (trx) => {
    await trx
      .from('deviations')
      .where('id', id)
      .update({
        status: input.status,
        answer: input.answer || trx.raw('answer'),
        closed_at: closing ? new Date() : null,
        updated_at: new Date(),
      })
    if (input.comment)
      await trx
        .table('deviation_comments')
        .insert({ deviation_id: id, user_id: userId, body: input.comment })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'deviation',
      entityId: `avvikelse-${id}`,
      summary: `Avvikelse ${id}: status ${input.status}`,
    })
    if (closing) {
      const deviation = await trx
        .from('deviations')
        .where('id', id)
        .select('reported_by')
        .firstOrFail()
      await notify(
        [deviation.reported_by],
        'deviation',
        { key: 'deviationAnswered', params: { id }, url: paths.deviation(id) },
        trx
      )
    }
  })
  return { ok: true as const }
}
