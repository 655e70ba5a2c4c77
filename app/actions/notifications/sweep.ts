/**
 * The notification sweep: meeting reminders, routine reminders, the e-mail of
 * notifications and the weekly digests. The web process runs it every minute
 * (start/worker.ts); `node ace notifications:send` runs it once (for cron). An advisory
 * lock keeps two instances from sending the same reminder twice.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { getSettings } from '#services/settings'
import { notify } from '#actions/notifications/notify'
import { sendDigests, sendPendingMail } from '#actions/notifications/send_notification_mail'
import { formatDateTime } from '#domain/formatting'
import { clock } from '#services/clock'
import {
  activeUsersOfRole,
  meetingInvitees,
  unacknowledgedContacts,
} from '#queries/notifications/recipients'
import { sendImportReminders } from '#actions/imports/send_import_reminders'
import { inviteesOf } from '#queries/meetings/governance'
import { sendGuestInvitations } from '#actions/meetings/invite_guests'
import { sendGuestCancellations } from '#actions/meetings/guest_cancellations'
import { sendReviewReminders } from '#actions/meetings/send_review_reminders'

/** Who gets reminded is a read: app/queries/notifications/recipients.ts. */
export { meetingInvitees, unacknowledgedContacts }

const SWEEP_LOCK = 72_610_001

/** Remind of meetings starting within the configured hours; those who answered "nej" are left alone. */
export async function sendMeetingReminders(now: Date) {
  const settings = await getSettings()
  const hours = Number(settings.meeting_reminder_hours ?? 24)
  const meetings = await db
    .from('meetings')
    .whereNull('reminder_sent_at')
    .whereNull('cancelled_at')
    .where('starts_at', '>', now)
    .whereRaw(`starts_at <= ?::timestamptz + make_interval(hours => ?)`, [now, hours])
  for (const meeting of meetings) {
    const declined = await db
      .from('meeting_responses')
      .where('meeting_id', meeting.id)
      .where('answer', 'nej')
      .select('user_id')
    const skip = new Set(declined.map((row) => Number(row.user_id)))
    // the meeting's own invitees (docs/adr/0027): a styrgrupp's members, an avstämning's contacts…
    const invitees = await inviteesOf(meeting)
    await notify(
      invitees.filter((id) => !skip.has(id)),
      'meeting',
      {
        key: 'meetingReminder',
        params: { title: meeting.title, when: formatDateTime(meeting.starts_at) },
        url: paths.meeting(meeting.id),
      }
    )
    await db.from('meetings').where('id', meeting.id).update({ reminder_sent_at: now })
  }
  return meetings.length
}

/** Remind the given contacts of the routines they have not acknowledged, and remember it. */
export async function remindOfRoutines(
  rows: { routine_id: number; version: number; title: string; user_id: number }[],
  now = clock.now()
) {
  for (const row of rows) {
    await notify([row.user_id], 'routine', {
      key: 'routineReminder',
      params: { title: row.title },
      url: paths.routine(row.routine_id),
    })
    await db
      .table('routine_reminders')
      .insert({
        routine_id: row.routine_id,
        user_id: row.user_id,
        version: row.version,
        sent_at: now,
      })
      .onConflict(['routine_id', 'user_id', 'version'])
      .merge()
  }
  return rows.length
}

export async function sendRoutineReminders(now: Date) {
  const settings = await getSettings()
  const days = Number(settings.routine_reminder_days ?? 14)
  const olderThan = new Date(now.getTime() - days * 86_400_000)
  return remindOfRoutines(await unacknowledgedContacts({ olderThan, notRemindedYet: true }), now)
}

/**
 * Tell the controllers of each draft waiting for approval, once per calculation: a re-run
 * draft is a new calculation and is announced again. Whoever ran it is left out (four
 * eyes: they cannot approve it).
 */
export async function notifyDraftsAwaitingApproval() {
  const drafts = await db
    .from('periods as p')
    .where('p.status', 'draft')
    .whereNotNull('p.calculation_id')
    .whereNotExists((q) =>
      q
        .from('notifications as n')
        .where('n.message_key', 'draftAwaitingApproval')
        .whereRaw("n.params->>'calculation' = p.calculation_id::text")
    )
    .orderBy('p.period')
    .select('p.period', 'p.calculation_id', 'p.calculated_by')
  let sent = 0
  const allControllers = await activeUsersOfRole('controller')
  for (const draft of drafts) {
    const controllers = allControllers.filter((id) => id !== Number(draft.calculated_by))
    sent += await notify(controllers, 'month_end', {
      key: 'draftAwaitingApproval',
      // the month is named in each reader's language when the text is shown
      params: { period: draft.period, calculation: Number(draft.calculation_id) },
      url: `/kostnadsfordelning/${draft.period}`,
    })
  }
  return sent
}

export async function runNotificationSweep(now = clock.now()) {
  return db.transaction(async (trx) => {
    const { rows } = await trx.rawQuery('SELECT pg_try_advisory_xact_lock(?) AS locked', [
      SWEEP_LOCK,
    ])
    if (!rows[0].locked) return null
    return {
      meetingReminders: await sendMeetingReminders(now),
      routineReminders: await sendRoutineReminders(now),
      draftsAwaitingApproval: await notifyDraftsAwaitingApproval(),
      // supplier files that have not arrived (docs/adr/0028 §2)
      importReminders: await sendImportReminders(now),
      // organisations without an avstämning for too long (docs/adr/0031)
      reviewReminders: await sendReviewReminders(now),
      mailed: await sendPendingMail(),
      guestInvitations: await sendGuestInvitations(now),
      guestCancellations: await sendGuestCancellations(now),
      digests: await sendDigests(now),
    }
  })
}
