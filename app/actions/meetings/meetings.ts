/**
 * Network meetings: scheduled by the coordinator with a forum thread for the discussion,
 * answered ja/nej/kanske by everyone, minutes (Markdown and/or a PDF) published
 * afterwards. Invitations, reminders and minutes reach the contacts as notifications.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { readFile } from 'node:fs/promises'
import { recordAudit } from '#services/audit'
import { notify } from '#services/notifications'
import { message } from '#services/messages'
import { removeStoredFiles, StorageError, StoredFiles } from '#services/stored_file'
import { SPRING_GAP_MESSAGE, stockholmWallClock } from '#domain/stockholm_time'
import { formatDateTime } from '#domain/formatting'
import { meetingInvitees } from '#actions/notifications/sweep'
import { clock } from '#services/clock'

export const ANSWERS = ['ja', 'nej', 'kanske'] as const
export type Answer = (typeof ANSWERS)[number]

export interface MeetingInput {
  title: string
  date: string
  startTime: string
  endTime: string
  place?: string | null
  videoUrl?: string | null
  agenda?: string | null
  period?: string | null
}

/** Date and local times (Stockholm) to instants, or a Swedish message naming the field. */
export function meetingTimes(input: Pick<MeetingInput, 'date' | 'startTime' | 'endTime'>) {
  const startsAt = stockholmWallClock(input.date, input.startTime)
  const endsAt = stockholmWallClock(input.date, input.endTime)
  if (!startsAt || !endsAt) return { ok: false as const, error: SPRING_GAP_MESSAGE }
  if (endsAt <= startsAt)
    return { ok: false as const, error: 'Sluttiden måste vara efter starttiden.' }
  return { ok: true as const, startsAt, endsAt }
}

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
      entityType: 'setting',
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
    entityType: 'setting',
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

export async function respond(meetingId: number, userId: number, answer: Answer) {
  await db
    .table('meeting_responses')
    .insert({ meeting_id: meetingId, user_id: userId, answer, answered_at: new Date() })
    .onConflict(['meeting_id', 'user_id'])
    .merge()
}

/**
 * Publish (or correct) the minutes: Markdown text and/or a PDF, stored with its checksum
 * under a name of its own; a failed update leaves no file, a replaced PDF is removed.
 */
export async function publishMinutes(
  meetingId: number,
  input: { minutes?: string | null; pdfPath?: string | null },
  userId: number
) {
  const meeting = await db.from('meetings').where('id', meetingId).firstOrFail()
  const columns: Record<string, unknown> = {
    minutes: input.minutes || null,
    updated_at: new Date(),
  }
  const files = new StoredFiles()
  if (input.pdfPath) {
    const content = await readFile(input.pdfPath)
    if (!content.subarray(0, 5).equals(Buffer.from('%PDF-')))
      return {
        ok: false as const,
        error: 'Filen är ingen PDF; bifoga minnesanteckningarna som PDF.',
      }
    try {
      const stored = await files.write(
        `meetings/${meetingId}`,
        'minnesanteckningar',
        'pdf',
        content
      )
      columns.minutes_pdf_path = stored.path
      columns.minutes_pdf_sha256 = stored.sha256
    } catch (error) {
      if (!(error instanceof StorageError)) throw error
      return {
        ok: false as const,
        error: `${error.userMessage} ${message('storage.minutesNotSaved')}`,
      }
    }
  }
  if (!columns.minutes && !columns.minutes_pdf_path && !meeting.minutes_pdf_path) {
    return { ok: false as const, error: 'Skriv minnesanteckningarna eller bifoga dem som PDF.' }
  }
  const first = !meeting.minutes_published_at
  columns.minutes_published_at = meeting.minutes_published_at ?? new Date()
  try {
    await db.transaction(async (trx) => {
      await trx.from('meetings').where('id', meetingId).update(columns)
      await recordAudit(trx, {
        userId,
        action: 'update',
        entityType: 'setting',
        entityId: `traff-${meetingId}`,
        summary: `Minnesanteckningar ${first ? 'publicerade' : 'ändrade'} för "${meeting.title}"`,
      })
    })
  } catch (error) {
    await files.discard()
    throw error
  }
  if (columns.minutes_pdf_path && meeting.minutes_pdf_path)
    await removeStoredFiles([meeting.minutes_pdf_path])
  if (first) {
    await notify(await meetingInvitees(), 'meeting', {
      key: 'meetingMinutes',
      params: { title: meeting.title },
      url: paths.meeting(meetingId),
    })
  }
  return { ok: true as const }
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
