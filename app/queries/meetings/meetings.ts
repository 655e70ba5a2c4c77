/** Reads of the network meetings: the list, one meeting, its answers, the next one. */
import db from '@adonisjs/lucid/services/db'
import { clock } from '#services/clock'

/** A meeting by id; 404 when there is none. */
export function findMeetingOrFail(id: number) {
  return db.from('meetings').where('id', id).firstOrFail()
}

/** Everyone's answers to a meeting, with names and organisations. */
export function meetingResponses(meetingId: number) {
  return db
    .from('meeting_responses as r')
    .join('users as u', 'u.id', 'r.user_id')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .where('r.meeting_id', meetingId)
    .orderBy(['r.answer', 'u.full_name'])
    .select('r.answer', 'u.full_name', 'o.name as organisation')
}

/** One user's answer to a meeting, or null. */
export async function answerOf(meetingId: number, userId: number): Promise<string | null> {
  const row = await db
    .from('meeting_responses')
    .where('meeting_id', meetingId)
    .where('user_id', userId)
    .first()
  return row?.answer ?? null
}

/** The meetings with the number of each answer and the user's own. */
export async function meetingList(userId: number) {
  const rows = await db
    .from('meetings as m')
    .leftJoin('meeting_responses as mine', (join) =>
      join.on('mine.meeting_id', 'm.id').andOnVal('mine.user_id', userId)
    )
    .orderBy('m.starts_at', 'desc')
    .select(
      'm.id',
      'm.title',
      'm.starts_at',
      'm.ends_at',
      'm.place',
      'm.video_url',
      'm.minutes_published_at',
      'mine.answer as my_answer',
      db.raw(
        `(SELECT count(*) FROM meeting_responses r WHERE r.meeting_id = m.id AND r.answer = 'ja')::int AS yes_count`
      )
    )
  const now = clock.nowMs()
  return {
    upcoming: rows.filter((row) => row.ends_at.getTime() >= now).reverse(),
    past: rows.filter((row) => row.ends_at.getTime() < now),
  }
}

/** The next meeting that has not ended (for the start pages). */
export async function nextMeeting() {
  return db.from('meetings').where('ends_at', '>=', clock.now()).orderBy('starts_at').first()
}
