/**
 * The coordinator schedules a meeting (with its forum thread, audited, the contacts invited)
 * or changes it (a new time invites again and resets the reminder).
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { notify } from '#actions/notifications/notify'
import { formatDateTime } from '#domain/formatting'
import { meetingInvitees } from '#queries/notifications/recipients'
import { meetingTimes, type MeetingInput } from '#domain/meetings'

function columnsOf(input: MeetingInput, times: { startsAt: Date; endsAt: Date }) {
  return {
    title: input.title,
    starts_at: times.startsAt,
    ends_at: times.endsAt,
    place: input.place || null,
    video_url: input.videoUrl || null,
    agenda: input.agenda ?? '',
    period: input.period || null,
  }
}

/** Schedule a meeting. */
export async function createMeeting(input: MeetingInput, userId: number) {
  const times = meetingTimes(input)
  if (!times.ok) return times
  const id = await db.transaction(async (trx) => {
    // the forum category marked for the meetings' threads (migration 0029), whatever its name
    const category = await trx.from('forum_categories').where('purpose', 'meetings').firstOrFail()
    const [thread] = await trx
      .table('forum_threads')
      .insert({
        category_id: category.id,
        title: `Nätverksträff: ${input.title}`.slice(0, 200),
        author_id: userId,
      })
      .returning('id')
    const [meeting] = await trx
      .table('meetings')
      .insert({ ...columnsOf(input, times), forum_thread_id: thread.id, created_by: userId })
      .returning('id')
    await trx.table('forum_posts').insert({
      thread_id: thread.id,
      author_id: userId,
      body: `Här diskuterar vi nätverksträffen **${input.title}** ${formatDateTime(times.startsAt)}: frågor inför träffen, tillägg till dagordningen och det som kommer upp efteråt.\n\n[Till träffen](${paths.meeting(meeting.id)})`,
    })
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'meeting',
      entityId: `traff-${meeting.id}`,
      summary: `Nätverksträff "${input.title}" planerad ${formatDateTime(times.startsAt)}`,
    })
    return Number(meeting.id)
  })
  await notify(await meetingInvitees(), 'meeting', {
    key: 'meetingInvitation',
    params: { title: input.title, when: formatDateTime(times.startsAt) },
    url: paths.meeting(id),
  })
  return { ok: true as const, id }
}

/** Change a meeting. */
export async function updateMeeting(id: number, input: MeetingInput, userId: number) {
  const times = meetingTimes(input)
  if (!times.ok) return times
  const before = await db.from('meetings').where('id', id).firstOrFail()
  const moved = before.starts_at.getTime() !== times.startsAt.getTime()
  // a meeting that moves gets its reminder again
  await db
    .from('meetings')
    .where('id', id)
    .update({
      ...columnsOf(input, times),
      updated_at: new Date(),
      ...(moved ? { reminder_sent_at: null } : {}),
    })
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'meeting',
    entityId: `traff-${id}`,
    summary: `Nätverksträff "${input.title}" ändrad${moved ? `, ny tid ${formatDateTime(times.startsAt)}` : ''}`,
  })
  if (moved) {
    await notify(await meetingInvitees(), 'meeting', {
      key: 'meetingMoved',
      params: { title: input.title, when: formatDateTime(times.startsAt) },
      url: paths.meeting(id),
    })
  }
  return { ok: true as const, id }
}
