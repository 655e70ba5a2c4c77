/**
 * Reads of the routines: published ones with what a user must acknowledge, versions,
 * drafts, one user's acknowledgement, and who has acknowledged per organisation.
 */
import db from '@adonisjs/lucid/services/db'
import { isAcknowledged, requiredVersion } from '#domain/acknowledgement'

/** A routine by id; 404 when there is none. */
export function findRoutineOrFail(id: number) {
  return db.from('routines').where('id', id).firstOrFail()
}

/** Routines never published (the coordinator's drafts). */
export function unpublishedRoutines() {
  return db
    .from('routines as r')
    .whereNotExists((q) => q.from('routine_versions as v').whereRaw('v.routine_id = r.id'))
    .select('id', 'draft_title')
}

/** A user's acknowledgement of a routine, or null. */
export function acknowledgementOf(routineId: number, userId: number) {
  return db
    .from('routine_acknowledgements')
    .where('routine_id', routineId)
    .where('user_id', userId)
    .first()
}

/** The published versions of a routine, the latest first. */
export async function versionsOf(routineId: number) {
  return db.from('routine_versions').where('routine_id', routineId).orderBy('version', 'desc')
}

/** Published routines with, for one user, whether their acknowledgement is due. */
export async function routinesFor(userId: number) {
  const routines = await db
    .from('routines as r')
    .join('routine_categories as c', 'c.id', 'r.category_id')
    .whereExists((q) => q.from('routine_versions as v').whereRaw('v.routine_id = r.id'))
    .orderBy(['c.name', 'r.draft_title'])
    .select('r.id', 'r.requires_acknowledgement', 'c.name as category')
  const versions = await db
    .from('routine_versions')
    .select('routine_id', 'version', 'significant', 'title', 'published_at')
  const acknowledgements = await db.from('routine_acknowledgements').where('user_id', userId)
  return routines.map((routine) => {
    const own = versions.filter((v) => v.routine_id === routine.id)
    const latest = own.reduce((a, b) => (b.version > a.version ? b : a))
    const required = routine.requires_acknowledgement ? requiredVersion(own) : null
    const acknowledged = acknowledgements.find((a) => a.routine_id === routine.id)?.version ?? null
    return {
      id: routine.id,
      category: routine.category as string,
      title: latest.title as string,
      version: latest.version as number,
      publishedAt: latest.published_at as Date,
      requiresAcknowledgement: routine.requires_acknowledgement as boolean,
      due: routine.requires_acknowledgement && !isAcknowledged(acknowledged, required),
    }
  })
}

/** Per organisation: its active contacts and how many have acknowledged the required version. */
export async function acknowledgementCoverage(routineId: number) {
  const required = requiredVersion(
    await db
      .from('routine_versions')
      .where('routine_id', routineId)
      .select('version', 'significant')
  )
  const contacts = await db
    .from('users as u')
    .join('organisations as o', 'o.id', 'u.organisation_id')
    .leftJoin('routine_acknowledgements as a', (join) =>
      join.on('a.user_id', 'u.id').andOnVal('a.routine_id', routineId)
    )
    .where('u.role', 'telefoniansvarig')
    .where('u.is_active', true)
    .orderBy(['o.code', 'u.full_name'])
    .select('o.code', 'o.name as organisation', 'u.full_name', 'a.version', 'a.acknowledged_at')
  type Coverage = {
    code: string
    organisation: string
    contacts: { name: string; acknowledged: boolean; version: number | null }[]
  }
  const byOrganisation = new Map<string, Coverage>()
  for (const contact of contacts) {
    const entry: Coverage = byOrganisation.get(contact.code) ?? {
      code: contact.code,
      organisation: contact.organisation,
      contacts: [],
    }
    entry.contacts.push({
      name: contact.full_name,
      version: contact.version,
      acknowledged: isAcknowledged(contact.version, required),
    })
    byOrganisation.set(contact.code, entry)
  }
  return { required, organisations: [...byOrganisation.values()] }
}
