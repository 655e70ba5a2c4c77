/**
 * The notification sweep: meeting reminders, routine reminders, the e-mail of
 * notifications and the weekly digests. The web process runs it every minute
 * (start/worker.ts); `node ace notifications:send` runs it once (for cron). An advisory
 * lock keeps two instances from sending the same reminder twice.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { getSettings } from '#services/settings'
import { notify, sendDigests, sendPendingMail } from '#services/notifications'
import { formatDateTime } from '#domain/formatting'
import { clock } from '#services/clock'

const SWEEP_LOCK = 72_610_001

/** Contacts who are to get a meeting's notifications: every active telephony contact. */
export async function meetingInvitees() {
  const rows = await db
    .from('users')
    .where('role', 'telefoniansvarig')
    .where('is_active', true)
    .select('id')
  return rows.map((row) => Number(row.id))
}

/** Remind of meetings starting within the configured hours; those who answered "nej" are left alone. */
export async function sendMeetingReminders(now: Date) {
  const settings = await getSettings()
  const hours = Number(settings.meeting_reminder_hours ?? 24)
  const meetings = await db
    .from('meetings')
    .whereNull('reminder_sent_at')
    .where('starts_at', '>', now)
    .whereRaw(`starts_at <= ?::timestamptz + make_interval(hours => ?)`, [now, hours])
  for (const meeting of meetings) {
    const declined = await db
      .from('meeting_responses')
      .where('meeting_id', meeting.id)
      .where('answer', 'nej')
      .select('user_id')
    const skip = new Set(declined.map((row) => Number(row.user_id)))
    const invitees = await meetingInvitees()
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

/**
 * Contacts who have not acknowledged the version a routine requires, this many days
 * after it was published (or: now, when the coordinator asks), with the routine's title.
 */
export async function unacknowledgedContacts(options: {
  olderThan?: Date
  routineId?: number
  notRemindedYet?: boolean
}) {
  const query = db
    .from(
      db
        .from('routines as r')
        .join('routine_versions as v', 'v.routine_id', 'r.id')
        .where('r.requires_acknowledgement', true)
        .groupBy('r.id')
        .select(
          'r.id as routine_id',
          db.raw('max(v.version) FILTER (WHERE v.significant OR v.version = 1) as version'),
          db.raw(
            '(array_agg(v.published_at ORDER BY v.version DESC) FILTER (WHERE v.significant OR v.version = 1))[1] as published_at'
          ),
          db.raw('(array_agg(v.title ORDER BY v.version DESC))[1] as title')
        )
        .as('q')
    )
    .joinRaw('CROSS JOIN users AS u')
    .leftJoin('routine_acknowledgements as a', (join) =>
      join.on('a.routine_id', 'q.routine_id').andOn('a.user_id', 'u.id')
    )
    .where('u.role', 'telefoniansvarig')
    .where('u.is_active', true)
    .where((q) => q.whereNull('a.version').orWhereRaw('a.version < q.version'))
    .select('q.routine_id', 'q.version', 'q.title', 'u.id as user_id')
  if (options.olderThan) query.where('q.published_at', '<=', options.olderThan)
  if (options.routineId) query.where('q.routine_id', options.routineId)
  if (options.notRemindedYet) {
    query.whereNotExists((sub) =>
      sub
        .from('routine_reminders as rr')
        .whereRaw('rr.routine_id = q.routine_id AND rr.user_id = u.id AND rr.version = q.version')
    )
  }
  return query
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

export async function runNotificationSweep(now = clock.now()) {
  return db.transaction(async (trx) => {
    const { rows } = await trx.rawQuery('SELECT pg_try_advisory_xact_lock(?) AS locked', [
      SWEEP_LOCK,
    ])
    if (!rows[0].locked) return null
    return {
      meetingReminders: await sendMeetingReminders(now),
      routineReminders: await sendRoutineReminders(now),
      mailed: await sendPendingMail(),
      digests: await sendDigests(now),
    }
  })
}
