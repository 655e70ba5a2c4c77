/**
 * The coordinator registers feedback that concerns an organisation and forwards it to the
 * organisation's telephony contacts at once (in-app, and by e-mail as each chose for
 * "feedback"); the response clock starts now. Audited; the notice is written in the same
 * transaction as the feedback.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { twinOfSubmission } from '#services/double_submit'
import { label } from '#services/labels'
import { clock } from '#services/clock'
import { notify } from '#actions/notifications/notify'
import { organisationContacts } from '#queries/notifications/recipients'
import { responseTargetHours } from '#queries/feedback/feedback'
import {
  answerExpected,
  responseDue,
  FEEDBACK_MAX_AGE_YEARS,
  type FeedbackRefusal,
  type FeedbackType,
} from '#domain/feedback'
import { addYears } from '#domain/periods'
import { formatDateTime } from '#domain/formatting'

export interface FeedbackInput {
  organisationId: number
  type: FeedbackType
  receivedOn: string
  description: string
}

export async function registerFeedback(input: FeedbackInput, userId: number) {
  const today = clock.today()
  if (input.receivedOn > today)
    return { ok: false as const, error: 'receivedInFuture' satisfies FeedbackRefusal }
  // 1999-05-01 is a typo; a year-old complaint forwarded now starts a response clock for nothing
  const earliest = addYears(today, -FEEDBACK_MAX_AGE_YEARS)
  if (input.receivedOn < earliest)
    return {
      ok: false as const,
      error: 'receivedTooLongAgo' satisfies FeedbackRefusal,
      params: { earliest },
    }
  const organisation = await db
    .from('organisations')
    .where('id', input.organisationId)
    .select('name')
    .firstOrFail()
  const contacts = await organisationContacts(input.organisationId)
  const forwardedAt = clock.now()
  const targetHours = await responseTargetHours()
  const id = await db.transaction(async (trx) => {
    // the form sent twice: the second finds the first and neither stores nor forwards again
    const twin = await twinOfSubmission(trx, 'feedback.register', () =>
      trx
        .from('organisation_feedback')
        .where({
          organisation_id: input.organisationId,
          type: input.type,
          description: input.description,
        })
        .where('received_on', input.receivedOn)
        .select('id')
        .first()
    )
    if (twin) return { twin: Number(twin.id) }
    const [row] = await trx
      .table('organisation_feedback')
      .insert({
        organisation_id: input.organisationId,
        type: input.type,
        received_on: input.receivedOn,
        description: input.description,
        registered_by: userId,
        forwarded_at: forwardedAt,
        // the target in force now: a later change of the setting does not judge it anew
        response_target_hours: targetHours,
      })
      .returning('id')
    const feedbackId = Number(row.id)
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'feedback',
      entityId: `aterkoppling-${feedbackId}`,
      summary: `Återkoppling ${feedbackId} (${label('feedbackType', input.type)}) vidarebefordrad till ${organisation.name}`,
    })
    await notify(
      contacts,
      'feedback',
      {
        // praise asks for no answer (answerExpected): its notice does not ask for one
        key: answerExpected(input.type) ? 'feedbackForwarded' : 'feedbackForwardedPraise',
        params: {
          id: feedbackId,
          organisation: organisation.name,
          type: input.type,
          // when the answer is due, by the target stored with it (Stockholm time)
          due: formatDateTime(responseDue(forwardedAt, targetHours)),
        },
        url: paths.feedback(feedbackId),
      },
      trx
    )
    return feedbackId
  })
  if (typeof id !== 'number')
    return {
      ok: false as const,
      error: 'alreadyRegistered' satisfies FeedbackRefusal,
      params: { id: String(id.twin) },
    }
  return { ok: true as const, id, notified: contacts.length }
}
