import db from '@adonisjs/lucid/services/db'

/** A contact confirms "Jag har läst och förstått" for the current version. */
export async function acknowledgeRoutine(routineId: number, userId: number) {
  const latest = await db
    .from('routine_versions')
    .where('routine_id', routineId)
    .max('version as version')
    .first()
  if (!latest?.version) return { ok: false as const, error: 'notPublished' as const }
  await db.rawQuery(
    `INSERT INTO routine_acknowledgements (routine_id, user_id, version) VALUES (?, ?, ?)
     ON CONFLICT (routine_id, user_id) DO UPDATE SET version = EXCLUDED.version, acknowledged_at = now()`,
    [routineId, userId, latest.version]
  )
  return { ok: true as const, version: Number(latest.version) }
}
