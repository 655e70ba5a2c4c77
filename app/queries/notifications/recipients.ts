/** Who is to be notified: the meetings' invitees, the contacts a routine still waits for. */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** Every active telephony contact (a meeting's invitees, a driftmeddelande's readers). */
export async function activeContacts() {
  const rows = await db
    .from('users')
    .where('role', 'telefoniansvarig')
    .where('is_active', true)
    .select('id')
  return rows.map((row) => Number(row.id))
}

/** Contacts who are to get a meeting's notifications: every active telephony contact. */
export const meetingInvitees = activeContacts

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

/** Every active user of an office role (samordnare, controller). */
export async function activeUsersOfRole(role: 'samordnare' | 'controller') {
  const rows = await db.from('users').where('role', role).where('is_active', true).select('id')
  return rows.map((row) => Number(row.id))
}

/**
 * The one query for "the telephony contacts of organisation X": active contacts whose home
 * organisation it is or who are members of it through `user_organisations` (a contact of
 * several organisations). Feedback, deliveries, avstämning invitations and every other
 * per-organisation recipient list start here.
 */
export function organisationContactsQuery(
  organisationId: number,
  client: QueryClientContract = db.connection()
) {
  return client
    .from('users as u')
    .where('u.role', 'telefoniansvarig')
    .where('u.is_active', true)
    .where((q) =>
      q
        .where('u.organisation_id', organisationId)
        .orWhereExists((sub) =>
          sub
            .from('user_organisations as uo')
            .whereRaw('uo.user_id = u.id')
            .where('uo.organisation_id', organisationId)
        )
    )
}

/** The ids of an organisation's active telephony contacts (feedback forwarded to it, its avstämning). */
export async function organisationContacts(
  organisationId: number,
  client: QueryClientContract = db.connection()
) {
  const rows = await organisationContactsQuery(organisationId, client)
    .orderBy('u.id')
    .select('u.id')
  return rows.map((row) => Number(row.id))
}

/** The e-mail addresses of an organisation's active telephony contacts (document deliveries). */
export async function organisationContactEmails(organisationId: number) {
  const rows = await organisationContactsQuery(organisationId).orderBy('u.id').select('u.email')
  return rows.map((row) => String(row.email))
}
