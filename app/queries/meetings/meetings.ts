/** Reads of the network meetings: the list, one meeting, its answers, the next one. */
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { clock } from '#services/clock'

/** What decides which meetings a user sees (app/queries/meetings/governance.ts, meetingViewer). */
export interface MeetingViewer {
  office: boolean
  steeringGroupMember: boolean
  organisationIds: number[]
}

/**
 * Only the meetings the viewer may see (the rule of maySeeMeeting in app/domain/meetings.ts,
 * as SQL): the office all; others the network meetings, the steering group's when they are
 * members, the avstämningar of their (chosen) organisation.
 */
export function visibleTo(
  query: DatabaseQueryBuilderContract<any>,
  viewer: MeetingViewer,
  alias = 'm'
) {
  if (viewer.office) return query
  return query.where((q) => {
    q.where(`${alias}.kind`, 'network')
    if (viewer.steeringGroupMember) q.orWhere(`${alias}.kind`, 'steering_group')
    if (viewer.organisationIds.length > 0)
      q.orWhere((r) =>
        r
          .where(`${alias}.kind`, 'review')
          .whereIn(`${alias}.organisation_id`, viewer.organisationIds)
      )
  })
}

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

/**
 * The meetings (those the viewer may see, of one kind when asked) with the number of each
 * answer and the user's own.
 */
export async function meetingList(userId: number, viewer?: MeetingViewer, kind?: string | null) {
  const query = db
    .from('meetings as m')
    .if(kind, (q) => q.where('m.kind', kind!))
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
      'm.kind',
      'm.cancelled_at',
      'mine.answer as my_answer',
      db.raw(
        `(SELECT count(*) FROM meeting_responses r WHERE r.meeting_id = m.id AND r.answer = 'ja')::int AS yes_count`
      )
    )
  const rows = await (viewer ? visibleTo(query, viewer) : query)
  const now = clock.nowMs()
  return {
    upcoming: rows.filter((row) => row.ends_at.getTime() >= now).reverse(),
    past: rows.filter((row) => row.ends_at.getTime() < now),
  }
}

/** The next meeting that has not ended (for the start pages), of those the viewer may see. */
export async function nextMeeting(viewer?: MeetingViewer) {
  const query = db
    .from('meetings as m')
    .where('m.ends_at', '>=', clock.now())
    .whereNull('m.cancelled_at')
    .orderBy('m.starts_at')
  return (viewer ? visibleTo(query, viewer) : query).select('m.*').first()
}
