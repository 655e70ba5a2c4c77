import db from '@adonisjs/lucid/services/db'

/**
 * Calls per month from the hourly aggregate (months in Stockholm time), optionally only
 * those transferred to one organisation's extensions.
 */
export async function monthlyCallVolumes(months = 3, organisationId?: number | null) {
  const query = db
    .from('call_hourly')
    .select(
      db.raw(`to_char(hour AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') as month`),
      db.raw('sum(calls)::int as calls'),
      db.raw(`coalesce(sum(calls) FILTER (WHERE outcome = 'kopplat'), 0)::int as transferred`),
      db.raw(`coalesce(sum(calls) FILTER (WHERE outcome = 'avbrutet'), 0)::int as abandoned`)
    )
    .groupByRaw('1')
    .orderBy('month', 'desc')
    .limit(months)
  if (organisationId) query.where('organisation_id', organisationId)
  return query as unknown as Promise<{ month: string; calls: number; transferred: number; abandoned: number }[]>
}
