/**
 * Reads of the governance meetings (issue 16, point 7; docs/adr/0027): who is invited to a
 * meeting of each kind, who may see it, its guests, decisions and action items, and the open
 * items carried to it from the earlier meetings of its kind.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { isOffice } from '#domain/roles'
import { maySeeMeeting, type MeetingKind } from '#domain/meetings'
import type User from '#models/user'
import { organisationContacts } from '#queries/notifications/recipients'

/** The users invited to a meeting of this kind (ids): the notifications' recipients. */
export async function inviteesOf(
  meeting: { kind: MeetingKind; organisation_id: number | null },
  client: QueryClientContract = db.connection()
): Promise<number[]> {
  const query = client.from('users as u').where('u.is_active', true).select('u.id')
  switch (meeting.kind) {
    case 'network':
      query.where('u.role', 'telefoniansvarig')
      break
    case 'steering_group':
      query.whereExists((sub) =>
        sub.from('steering_group_members as s').whereRaw('s.user_id = u.id')
      )
      break
    case 'supplier':
      query.where('u.role', 'samordnare')
      break
    case 'review':
      return organisationContacts(meeting.organisation_id ?? 0, client)
  }
  const rows = await query.orderBy('u.id')
  return rows.map((row) => Number(row.id))
}

/** Whether the user is a steering-group member. */
export async function isSteeringGroupMember(userId: number) {
  return Boolean(await db.from('steering_group_members').where('user_id', userId).first())
}

/** What decides which meetings a user sees (the contact's chosen organisation only). */
export async function meetingViewer(user: User) {
  return {
    office: isOffice(user.role),
    steeringGroupMember: await isSteeringGroupMember(user.id),
    organisationIds: user.organisationId ? [user.organisationId] : [],
  }
}

/** A meeting the user may see, or null (it does not exist for them: 404). */
export async function visibleMeeting(id: number, user: User) {
  const meeting = await db.from('meetings').where('id', id).first()
  if (!meeting) return null
  return maySeeMeeting(meeting, await meetingViewer(user)) ? meeting : null
}

/** The steering group: every active user with whether they are a member. */
export function steeringGroupCandidates() {
  return db
    .from('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .leftJoin('steering_group_members as s', 's.user_id', 'u.id')
    .where('u.is_active', true)
    .orderBy('u.full_name')
    .select(
      'u.id',
      'u.full_name',
      'u.role',
      'o.name as organisation',
      db.raw('(s.user_id IS NOT NULL) AS member')
    )
}

export function meetingGuests(meetingId: number) {
  return db.from('meeting_guests').where('meeting_id', meetingId).orderBy('email')
}

export function meetingDecisions(meetingId: number) {
  return db
    .from('meeting_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .where('d.meeting_id', meetingId)
    .orderBy('d.id')
    .select('d.id', 'd.text', 'd.created_at', 'u.full_name as created_by_name')
}

function actionItemQuery() {
  return db
    .from('meeting_action_items as a')
    .join('meetings as m', 'm.id', 'a.meeting_id')
    .leftJoin('users as o', 'o.id', 'a.owner_id')
    .leftJoin('users as d', 'd.id', 'a.done_by')
    .select(
      'a.id',
      'a.meeting_id',
      'a.text',
      'a.owner_id',
      db.raw('coalesce(o.full_name, a.owner_name) AS owner'),
      db.raw(`to_char(a.due_date, 'YYYY-MM-DD') AS due_date`),
      'a.done_at',
      'd.full_name as done_by_name',
      'm.title as meeting_title',
      'm.starts_at as meeting_starts_at'
    )
}

/** The action items decided at this meeting. */
export function meetingActionItems(meetingId: number) {
  return actionItemQuery().where('a.meeting_id', meetingId).orderBy(['a.due_date', 'a.id'])
}

/**
 * The items carried to this meeting: those of the earlier meetings of the same kind (for
 * an avstämning: with the same organisation) that were still open when it began — open
 * now, or done at or after its start.
 */
export function carriedActionItems(meeting: {
  id: number
  kind: MeetingKind
  organisation_id: number | null
  starts_at: Date
}) {
  const query = actionItemQuery()
    .where('m.kind', meeting.kind)
    .where('m.starts_at', '<', meeting.starts_at)
    .whereNot('m.id', meeting.id)
    .where((q) => q.whereNull('a.done_at').orWhere('a.done_at', '>=', meeting.starts_at))
    .orderBy(['a.due_date', 'a.id'])
  if (meeting.kind === 'review') query.where('m.organisation_id', meeting.organisation_id ?? 0)
  return query
}

/** The users an action item may be given to: the meeting's invitees and the office. */
export async function possibleOwners(meeting: {
  kind: MeetingKind
  organisation_id: number | null
}) {
  const invitees = await inviteesOf(meeting)
  return db
    .from('users')
    .where('is_active', true)
    .where((q) => q.whereIn('id', invitees).orWhereIn('role', ['samordnare', 'controller']))
    .orderBy('full_name')
    .select('id', 'full_name')
}

/** The cancellations queued or sent to guests removed from the meeting (docs/adr/0031). */
export function meetingCancellations(meetingId: number) {
  return db.from('meeting_cancellations').where('meeting_id', meetingId).orderBy('email')
}
