/**
 * Routines: draft, publish a version, acknowledge; and who has acknowledged what.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { notify } from '#services/notifications'
import { isAcknowledged, requiredVersion } from '#domain/acknowledgement'

export interface RoutineInput {
  categoryId: number
  title: string
  body: string
  requiresAcknowledgement: boolean
}

export async function createRoutine(input: RoutineInput, userId: number) {
  const [row] = await db
    .table('routines')
    .insert({
      category_id: input.categoryId,
      draft_title: input.title,
      draft_body: input.body,
      requires_acknowledgement: input.requiresAcknowledgement,
      created_by: userId,
    })
    .returning('id')
  return Number(row.id)
}

export async function saveDraft(routineId: number, input: RoutineInput) {
  await db.from('routines').where('id', routineId).update({
    category_id: input.categoryId,
    draft_title: input.title,
    draft_body: input.body,
    requires_acknowledgement: input.requiresAcknowledgement,
    updated_at: new Date(),
  })
}

/** Publish the draft as the next version, with a change note. */
export async function publishRoutine(
  routineId: number,
  changeNote: string,
  significant: boolean,
  userId: number
) {
  return db.transaction(async (trx) => {
    const routine = await trx.from('routines').where('id', routineId).forUpdate().firstOrFail()
    const last = await trx
      .from('routine_versions')
      .where('routine_id', routineId)
      .max('version as version')
      .first()
    const version = Number(last?.version ?? 0) + 1
    await trx.table('routine_versions').insert({
      routine_id: routineId,
      version,
      title: routine.draft_title,
      body: routine.draft_body,
      change_note: changeNote,
      significant: version === 1 || significant,
      published_by: userId,
    })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'setting',
      entityId: `rutin-${routineId}`,
      summary: `Rutinen "${routine.draft_title}" publicerades som version ${version}${significant ? ' (väsentlig ändring)' : ''}: ${changeNote}`,
    })
    // every contact must confirm the first and each significant version: tell them
    if (routine.requires_acknowledgement && (version === 1 || significant)) {
      const contacts = await trx
        .from('users')
        .where('role', 'telefoniansvarig')
        .where('is_active', true)
        .select('id')
      await notify(
        contacts.map((contact) => Number(contact.id)),
        'routine',
        {
          key: 'routineToAcknowledge',
          params: { title: routine.draft_title, version },
          url: paths.routine(routineId),
        },
        trx
      )
    }
    return version
  })
}

export async function versionsOf(routineId: number) {
  return db.from('routine_versions').where('routine_id', routineId).orderBy('version', 'desc')
}

/** A contact confirms "Jag har läst och förstått" for the current version. */
export async function acknowledgeRoutine(routineId: number, userId: number) {
  const latest = await db
    .from('routine_versions')
    .where('routine_id', routineId)
    .max('version as version')
    .first()
  if (!latest?.version) return { ok: false as const, error: 'Rutinen är inte publicerad.' }
  await db.rawQuery(
    `INSERT INTO routine_acknowledgements (routine_id, user_id, version) VALUES (?, ?, ?)
     ON CONFLICT (routine_id, user_id) DO UPDATE SET version = EXCLUDED.version, acknowledged_at = now()`,
    [routineId, userId, latest.version]
  )
  return { ok: true as const, version: Number(latest.version) }
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
