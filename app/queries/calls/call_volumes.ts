import db from '@adonisjs/lucid/services/db'
import { cachedQuality } from '#queries/quality/quality_cache'

export interface MonthlyVolume {
  month: string
  calls: number
  transferred: number
  abandoned: number
}

/**
 * Calls per month from the hourly aggregates (months in Stockholm time); for one
 * organisation, the calls transferred (or messages left) to its extensions.
 */
export async function monthlyCallVolumes(
  months = 3,
  organisationId?: number | null
): Promise<MonthlyVolume[]> {
  const month = db.raw(`to_char(hour AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') as month`)
  if (organisationId) {
    // reused like the office's figures below: call_hourly_org is written only together with
    // call_daily, in the same transaction (app/actions/calls/call_aggregates.ts), so the
    // data state changes with it (a contact's start page shows it on every view)
    return cachedQuality(
      `monthlyCallVolumes:${months}:${organisationId}`,
      async () =>
        (await db
          .from('call_hourly_org')
          .where('organisation_id', organisationId)
          .select(
            month,
            db.raw('sum(calls)::int as calls'),
            db.raw(
              `coalesce(sum(calls) FILTER (WHERE outcome = 'kopplat'), 0)::int as transferred`
            ),
            db.raw('0 as abandoned')
          )
          .groupByRaw('1')
          .orderBy('month', 'desc')
          .limit(months)) as MonthlyVolume[]
    )
  }
  // every call_daily row is summed: reused until call_daily changes (the office's start
  // page shows it on every view; docs/adr/0007)
  return cachedQuality(
    `monthlyCallVolumes:${months}`,
    async () =>
      (await db
        .from('call_daily')
        .select(
          db.raw(`to_char(day, 'YYYY-MM') as month`),
          db.raw('sum(calls)::int as calls'),
          db.raw(`coalesce(sum(calls) FILTER (WHERE outcome = 'kopplat'), 0)::int as transferred`),
          db.raw(`coalesce(sum(calls) FILTER (WHERE outcome = 'avbrutet'), 0)::int as abandoned`)
        )
        .groupByRaw('1')
        .orderBy('month', 'desc')
        .limit(months)) as MonthlyVolume[]
  )
}

/** The latest month with calls in the daily aggregates (`YYYY-MM`), or null before any. */
export async function latestCallMonth(): Promise<string | null> {
  const latest = await db
    .from('call_daily')
    .select(db.raw(`to_char(max(day), 'YYYY-MM') as month`))
    .first()
  return (latest?.month as string | null) ?? null
}

/** The latest day with calls in the daily aggregates (`YYYY-MM-DD`), or null before any. */
export async function latestCallDay(): Promise<string | null> {
  const latest = await db
    .from('call_daily')
    .select(db.raw(`to_char(max(day), 'YYYY-MM-DD') as day`))
    .first()
  return (latest?.day as string | null) ?? null
}
