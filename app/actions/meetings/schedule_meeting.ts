/**
 * The coordinator schedules a meeting (audited, its invitees notified, its guests' e-mail
 * invitations queued) or changes it (a new time invites again and resets the reminder).
 * A nätverksträff gets a forum thread for the discussion; the governance kinds (styrgrupp,
 * leverantörsmöte, avstämning; docs/adr/0027) do not — the forum is read by every contact.
 */
import { twinOfSubmission } from '#services/double_submit'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { notify } from '#actions/notifications/notify'
import { formatDateTime } from '#domain/formatting'
import { inviteesOf } from '#queries/meetings/governance'
import {
  forgetGuestCancellations,
  queueGuestCancellations,
} from '#actions/meetings/guest_cancellations'
import {
  kindAndOrganisation,
  meetingTimes,
  parseGuestEmails,
  type MeetingInput,
  type MeetingKind,
  type MeetingRefusal,
} from '#domain/meetings'

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

/** The Swedish name of a kind for the audit log (the UI translates through i18n). */
export const AUDIT_KIND: Record<MeetingKind, string> = {
  network: 'Nätverksträff',
  steering_group: 'Styrgruppsmöte',
  supplier: 'Leverantörsmöte',
  review: 'Avstämning',
}

/**
 * The guests become exactly these addresses: new ones queued for an invitation, removed ones
 * deleted — and those of them who were sent an invitation get a cancellation (docs/adr/0031)
 * with `sequence`; with `reinvite` (the time changed) everyone's invitation is queued again.
 */
async function syncGuests(
  trx: TransactionClientContract,
  meetingId: number,
  emails: string[],
  options: { reinvite: boolean; sequence: number }
) {
  const existing = await trx.from('meeting_guests').where('meeting_id', meetingId)
  const wanted = new Map(emails.map((email) => [email.toLowerCase(), email]))
  const gone = existing.filter((guest) => !wanted.has(guest.email.toLowerCase()))
  if (gone.length > 0)
    await trx
      .from('meeting_guests')
      .whereIn(
        'id',
        gone.map((guest) => guest.id)
      )
      .delete()
  await queueGuestCancellations(
    trx,
    meetingId,
    gone.filter((guest) => guest.sent_at !== null).map((guest) => guest.email),
    options.sequence
  )
  const have = new Set(existing.map((guest) => guest.email.toLowerCase()))
  const added = [...wanted.entries()].filter(([key]) => !have.has(key)).map(([, email]) => email)
  if (added.length > 0) {
    await trx
      .table('meeting_guests')
      .multiInsert(added.map((email) => ({ meeting_id: meetingId, email })))
    await forgetGuestCancellations(trx, meetingId, added)
  }
  if (options.reinvite)
    await trx
      .from('meeting_guests')
      .where('meeting_id', meetingId)
      .update({ invitation_status: 'pending', attempts: 0, last_error: null })
  return { added: added.length, removed: gone.length }
}

/**
 * Whether the guest list gives someone a new version of the event: it drops a guest who was
 * sent an invitation (they get a cancellation), or brings back one who was sent a
 * cancellation (their new invitation must outrank it).
 */
async function changesGuestCalendars(
  trx: TransactionClientContract,
  meetingId: number,
  emails: string[]
) {
  const wanted = new Set(emails.map((email) => email.toLowerCase()))
  const invited = await trx
    .from('meeting_guests')
    .where('meeting_id', meetingId)
    .whereNotNull('sent_at')
    .select('email')
  if (invited.some((guest) => !wanted.has(String(guest.email).toLowerCase()))) return true
  const cancelled = await trx
    .from('meeting_cancellations')
    .where('meeting_id', meetingId)
    .where('status', 'sent')
    .select('email')
  return cancelled.some((guest) => wanted.has(String(guest.email).toLowerCase()))
}

/** Schedule a meeting. */
export async function createMeeting(input: MeetingInput, userId: number) {
  const times = meetingTimes(input)
  if (!times.ok) return times
  const kind = kindAndOrganisation(input.kind ?? 'network', input.organisationId)
  if (!kind.ok) return kind
  const guests = parseGuestEmails(input.guests)
  if (!guests.ok) return guests
  const id = await db.transaction(async (trx) => {
    // the form sent twice (a double click): the second waits for the first, then finds it
    const twin = await twinOfSubmission(trx, 'meetings.schedule', () =>
      trx
        .from('meetings')
        .where('kind', kind.kind)
        .if(
          kind.organisationId,
          (query) => query.where('organisation_id', kind.organisationId!),
          (query) => query.whereNull('organisation_id')
        )
        .where('title', input.title)
        .where('starts_at', times.startsAt)
        .whereNull('cancelled_at')
        .first()
    )
    if (twin) return null
    let threadId: number | null = null
    if (kind.kind === 'network') {
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
      threadId = thread.id
    }
    const [meeting] = await trx
      .table('meetings')
      .insert({
        ...columnsOf(input, times),
        kind: kind.kind,
        organisation_id: kind.organisationId,
        forum_thread_id: threadId,
        created_by: userId,
      })
      .returning('id')
    if (threadId !== null) {
      await trx.table('forum_posts').insert({
        thread_id: threadId,
        author_id: userId,
        body: `Här diskuterar vi nätverksträffen **${input.title}** ${formatDateTime(times.startsAt)}: frågor inför träffen, tillägg till dagordningen och det som kommer upp efteråt.\n\n[Till träffen](${paths.meeting(meeting.id)})`,
      })
    }
    await syncGuests(trx, meeting.id, guests.emails, { reinvite: false, sequence: 0 })
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'meeting',
      entityId: `traff-${meeting.id}`,
      summary: `${AUDIT_KIND[kind.kind]} "${input.title}" planerad ${formatDateTime(times.startsAt)}${guests.emails.length ? `, ${guests.emails.length} gäster inbjudna per e-post` : ''}`,
    })
    return Number(meeting.id)
  })
  if (id === null) return { ok: false as const, error: 'alreadyScheduled' as MeetingRefusal }
  const invitees = await inviteesOf({ kind: kind.kind, organisation_id: kind.organisationId })
  await notify(invitees, 'meeting', {
    key: 'meetingInvitation',
    params: { title: input.title, when: formatDateTime(times.startsAt) },
    url: paths.meeting(id),
  })
  // who was invited: the accounts notified and the guests invited by e-mail
  return { ok: true as const, id, invited: invitees.length + guests.emails.length }
}

/** Change a meeting (its kind and organisation stay as scheduled). */
export async function updateMeeting(id: number, input: MeetingInput, userId: number) {
  const times = meetingTimes(input)
  if (!times.ok) return times
  const guests = parseGuestEmails(input.guests)
  if (!guests.ok) return guests
  const before = await db.from('meetings').where('id', id).firstOrFail()
  if (before.cancelled_at) return { ok: false as const, error: 'cancelled' as MeetingRefusal }
  const moved =
    before.starts_at.getTime() !== times.startsAt.getTime() ||
    before.ends_at.getTime() !== times.endsAt.getTime()
  const changes = await db.transaction(async (trx) => {
    // a new time, or a guest who had an invitation removed, is a new version of the calendar
    // event (RFC 5546: a higher SEQUENCE); a meeting that moves gets its reminder again
    const newVersion = moved || (await changesGuestCalendars(trx, id, guests.emails))
    const sequence = Number(before.calendar_sequence) + (newVersion ? 1 : 0)
    await trx
      .from('meetings')
      .where('id', id)
      .update({
        ...columnsOf(input, times),
        updated_at: new Date(),
        calendar_sequence: sequence,
        ...(moved ? { reminder_sent_at: null } : {}),
      })
    const synced = await syncGuests(trx, id, guests.emails, { reinvite: moved, sequence })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'meeting',
      entityId: `traff-${id}`,
      summary: `${AUDIT_KIND[before.kind as MeetingKind]} "${input.title}" ändrad${moved ? `, ny tid ${formatDateTime(times.startsAt)}` : ''}${synced.added || synced.removed ? `, gäster +${synced.added} −${synced.removed}` : ''}`,
    })
    return synced
  })
  if (moved) {
    await notify(await inviteesOf(before), 'meeting', {
      key: 'meetingMoved',
      params: { title: input.title, when: formatDateTime(times.startsAt) },
      url: paths.meeting(id),
    })
  }
  return { ok: true as const, id, ...changes }
}
