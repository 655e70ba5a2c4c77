/**
 * The coordinator cancels a meeting that has not ended (docs/adr/0031): it stays on the
 * list marked cancelled, its calendar event gets a new version (a higher SEQUENCE), every
 * guest who was sent an invitation is queued a cancellation (METHOD:CANCEL), and its
 * invitees with an account are notified ("meetingCancelled"; the e-mail carries the same
 * cancellation). Answers, reminders and guest invitations stop. Audited.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { clock } from '#services/clock'
import { notify } from '#actions/notifications/notify'
import { queueGuestCancellations } from '#actions/meetings/guest_cancellations'
import { AUDIT_KIND } from '#actions/meetings/schedule_meeting'
import { inviteesOf } from '#queries/meetings/governance'
import { formatDateTime } from '#domain/formatting'
import { paths } from '#domain/paths'
import type { MeetingKind, MeetingRefusal } from '#domain/meetings'

export async function cancelMeeting(meetingId: number, userId: number) {
  return db.transaction(async (trx) => {
    const meeting = await trx.from('meetings').where('id', meetingId).forUpdate().firstOrFail()
    if (meeting.cancelled_at) return { ok: false as const, error: 'cancelled' as MeetingRefusal }
    const now = clock.now()
    if (meeting.ends_at.getTime() <= now.getTime())
      return { ok: false as const, error: 'alreadyHeld' as MeetingRefusal }
    const sequence = Number(meeting.calendar_sequence) + 1
    await trx.from('meetings').where('id', meetingId).update({
      cancelled_at: now,
      cancelled_by: userId,
      calendar_sequence: sequence,
      updated_at: now,
    })
    const invited = await trx
      .from('meeting_guests')
      .where('meeting_id', meetingId)
      .whereNotNull('sent_at')
      .select('email')
    const guests = await queueGuestCancellations(
      trx,
      meetingId,
      invited.map((guest) => String(guest.email)),
      sequence
    )
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'meeting',
      entityId: `traff-${meetingId}`,
      summary: `${AUDIT_KIND[meeting.kind as MeetingKind]} "${meeting.title}" ${formatDateTime(meeting.starts_at)} inställt${guests ? `, ${guests} gäster får en avbokning per e-post` : ''}`,
    })
    const notified = await notify(
      await inviteesOf(meeting, trx),
      'meeting',
      {
        key: 'meetingCancelled',
        params: { title: meeting.title, when: formatDateTime(meeting.starts_at) },
        url: paths.meeting(meetingId),
      },
      trx
    )
    return { ok: true as const, guests, notified }
  })
}
