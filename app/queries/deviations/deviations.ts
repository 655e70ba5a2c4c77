/**
 * Reads of the deviations: a user's list (a contact sees their own organisation's), one
 * deviation for its reader, its comments, a transferred call of an organisation, and the
 * month's counts for the follow-up.
 */
import db from '@adonisjs/lucid/services/db'

type Reader = { isContact: boolean; organisationId: number | null }

/** The deviations a user sees, the latest first. */
export function deviationsFor(user: Reader) {
  return db
    .from('deviations as d')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .if(user.isContact, (q) => q.where('d.organisation_id', user.organisationId!))
    .orderBy('d.id', 'desc')
    .select('d.id', 'd.type', 'd.status', 'd.occurred_at', 'o.code')
}

/** One deviation with its organisation and reporter; 404 for another organisation's (a contact). */
export function deviationForReaderOrFail(id: number, user: Reader) {
  return db
    .from('deviations as d')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .join('users as u', 'u.id', 'd.reported_by')
    .where('d.id', id)
    .if(user.isContact, (q) => q.where('d.organisation_id', user.organisationId!))
    .select('d.*', 'o.code', 'o.name as organisation_name', 'u.full_name as reporter')
    .firstOrFail()
}

/** The coordinator's comments on a deviation, in order. */
export function deviationComments(deviationId: number) {
  return db
    .from('deviation_comments as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .where('deviation_id', deviationId)
    .orderBy('c.id')
    .select('c.*', 'u.full_name')
}

/**
 * Whether a call was transferred to the organisation (the only calls its contact may point
 * a deviation at; another organisation's call is as unknown as one that does not exist).
 */
export async function isTransferredCallOf(callId: string, organisationId: number) {
  const call = await db
    .from('call_records')
    .where('call_id', callId)
    .where('organisation_id', organisationId)
    .whereIn('outcome', ['kopplat', 'meddelande'])
    .first()
  return Boolean(call)
}

/** Counts per type, status and organisation for a month (the monthly follow-up). */
export function deviationCounts(period: string) {
  return db
    .from('deviations as d')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .whereRaw(`to_char(d.occurred_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') = ?`, [period])
    .groupBy('d.type', 'd.status', 'o.code')
    .select('d.type', 'd.status', 'o.code as organisation', db.raw('count(*)::int as count'))
    .orderBy(['d.type', 'd.status', 'o.code'])
}
