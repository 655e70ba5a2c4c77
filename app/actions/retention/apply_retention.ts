/**
 * Remove raw call records older than the retention setting (whole months, Stockholm
 * time), one month per transaction. Kept: every call a deviation names, the hourly and
 * daily aggregates (every figure and report reads those), the imports' records, and all
 * month-end data. The run and its cutoff are recorded, so an import refuses calls from
 * before it (they would be counted again).
 */
import db from '@adonisjs/lucid/services/db'
import { retentionCutoff, DEFAULT_RETENTION_MONTHS } from '#domain/retention'
import { todayInStockholm } from '#domain/periods'
import { recordAudit } from '#services/audit'
import { getSettings } from '#services/settings'

export interface RetentionMonth {
  month: string
  calls: number
}

export interface RetentionResult {
  dryRun: boolean
  months: number
  cutoff: string
  /** calls older than the cutoff, per month (those a deviation names excluded) */
  removable: RetentionMonth[]
  deleted: number
  keptForDeviations: number
}

/** `?` is the cutoff date; a date is a Stockholm midnight */
const OLDER_THAN = `started_at < (?::date::timestamp AT TIME ZONE 'Europe/Stockholm')`
const NOT_NAMED_BY_A_DEVIATION = `NOT EXISTS (SELECT 1 FROM deviations d WHERE d.call_id = c.call_id)`

export async function applyRetention(input: {
  dryRun: boolean
  userId: number | null
  today?: string
}): Promise<RetentionResult> {
  const settings = await getSettings()
  const months = Number(settings.call_records_retention_months ?? DEFAULT_RETENTION_MONTHS)
  const cutoff = retentionCutoff(input.today ?? todayInStockholm(), months)
  const { rows } = await db.rawQuery(
    `SELECT to_char(started_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month, count(*)::int AS calls
       FROM call_records c WHERE ${OLDER_THAN} AND ${NOT_NAMED_BY_A_DEVIATION} GROUP BY 1 ORDER BY 1`,
    [cutoff]
  )
  const removable = rows as RetentionMonth[]
  const kept = await db.rawQuery(
    `SELECT count(*)::int AS n FROM call_records c WHERE ${OLDER_THAN} AND NOT (${NOT_NAMED_BY_A_DEVIATION})`,
    [cutoff]
  )
  const keptForDeviations = kept.rows[0].n as number
  if (input.dryRun)
    return { dryRun: true, months, cutoff, removable, deleted: 0, keptForDeviations }

  let deleted = 0
  for (const { month } of removable) {
    deleted += await db.transaction(async (trx) => {
      const result = await trx.rawQuery(
        `DELETE FROM call_records c WHERE ${OLDER_THAN}
            AND started_at >= (?::date::timestamp AT TIME ZONE 'Europe/Stockholm') AND ${NOT_NAMED_BY_A_DEVIATION}`,
        [cutoff, `${month}-01`]
      )
      return result.rowCount as number
    })
  }
  await db.transaction(async (trx) => {
    await trx.table('retention_runs').insert({
      cutoff,
      deleted_rows: deleted,
      kept_for_deviations: keptForDeviations,
      applied_by: input.userId,
    })
    await recordAudit(trx, {
      userId: input.userId,
      action: 'delete',
      entityType: 'call_records',
      entityId: cutoff,
      summary: `Gallring: ${deleted} samtal från före ${cutoff} togs bort (${keptForDeviations} sparas för avvikelser)`,
    })
  })
  return { dryRun: false, months, cutoff, removable, deleted, keptForDeviations }
}

/** The latest cutoff applied: calls from before it are not imported again. */
export async function latestRetentionCutoff(): Promise<string | null> {
  const { rows } = await db.rawQuery(
    `SELECT to_char(max(cutoff), 'YYYY-MM-DD') AS cutoff FROM retention_runs`
  )
  return (rows[0]?.cutoff as string | null) ?? null
}
