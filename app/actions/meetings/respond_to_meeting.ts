import db from '@adonisjs/lucid/services/db'
import type { Answer } from '#domain/meetings'

/** A user's answer (ja/nej/kanske), replacing an earlier one. */
export async function respond(meetingId: number, userId: number, answer: Answer) {
  await db
    .table('meeting_responses')
    .insert({ meeting_id: meetingId, user_id: userId, answer, answered_at: new Date() })
    .onConflict(['meeting_id', 'user_id'])
    .merge()
}
