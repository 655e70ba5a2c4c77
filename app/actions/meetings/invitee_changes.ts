/**
 * Invitees with an account who stop being invited (docs/adr/0031): the invitees of a
 * meeting follow from its kind (app/queries/meetings/governance.ts, `inviteesOf`), so a
 * steering-group member removed from the group, or a contact no longer contact for an
 * organisation, drops out of the upcoming meetings of that kind. Read the invitees before
 * the change and compare after it, in the same transaction: each meeting that lost someone
 * gets a new calendar version (a higher SEQUENCE), and those removed a notification
 * ("meetingUninvited") whose e-mail carries the meeting's calendar file with METHOD:CANCEL
 * (app/actions/notifications/send_notification_mail.ts).
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { notify } from '#actions/notifications/notify'
import { inviteesOf } from '#queries/meetings/governance'
import { formatDateTime } from '#domain/formatting'
import { paths } from '#domain/paths'
import { clock } from '#services/clock'
import type { MeetingKind } from '#domain/meetings'

interface Upcoming {
  meeting: {
    id: number
    title: string
    kind: MeetingKind
    organisation_id: number | null
    starts_at: Date
    calendar_sequence: number
  }
  invitees: Set<number>
}

/** The invitees of every upcoming meeting that is not cancelled, before a change. */
export async function upcomingInvitees(trx: TransactionClientContract): Promise<Upcoming[]> {
  const meetings = await trx
    .from('meetings')
    .whereNull('cancelled_at')
    .where('starts_at', '>', clock.now())
    .select('id', 'title', 'kind', 'organisation_id', 'starts_at', 'calendar_sequence')
  const result: Upcoming[] = []
  for (const meeting of meetings)
    result.push({ meeting, invitees: new Set(await inviteesOf(meeting, trx)) })
  return result
}

/** After the change: cancel the meetings for those who are no longer invited. */
export async function uninviteRemoved(trx: TransactionClientContract, before: Upcoming[]) {
  let removedCount = 0
  for (const { meeting, invitees } of before) {
    const now = new Set(await inviteesOf(meeting, trx))
    const removed = [...invitees].filter((id) => !now.has(id))
    if (removed.length === 0) continue
    await trx
      .from('meetings')
      .where('id', meeting.id)
      .update({ calendar_sequence: Number(meeting.calendar_sequence) + 1 })
    // the link is the list: the meeting itself is no longer theirs to see
    removedCount += await notify(
      removed,
      'meeting',
      {
        key: 'meetingUninvited',
        params: {
          title: meeting.title,
          when: formatDateTime(meeting.starts_at),
          meeting: meeting.id,
        },
        url: paths.meetings(),
      },
      trx
    )
  }
  return removedCount
}
