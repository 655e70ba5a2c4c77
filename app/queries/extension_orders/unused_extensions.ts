/**
 * Unused extensions (issue 16 point 4): extensions in the register today that were in it
 * the whole window (since today − N months, N the setting `unused_extension_months`) and
 * had no call transferred to them (`Kopplat`) in that window. A contact sees their own
 * organisation's, the office all. A pending order for the number is shown with it.
 */
import db from '@adonisjs/lucid/services/db'
import { validOnSql } from '#queries/validity'

export const DEFAULT_UNUSED_MONTHS = 3

export interface UnusedFilter {
  today: string
  months: number
  organisationId?: number | null
}

/** The first day of the window: today − N months (the same day of the month, clamped). */
export async function windowStart(today: string, months: number) {
  const row = await db
    .rawQuery(`SELECT to_char(?::date - make_interval(months => ?), 'YYYY-MM-DD') AS since`, [
      today,
      months,
    ])
    .then((result) => result.rows[0])
  return row.since as string
}

export async function unusedExtensions(filter: UnusedFilter) {
  const since = await windowStart(filter.today, filter.months)
  const result = await db.rawQuery(
    `WITH used AS (
       SELECT DISTINCT c.extension FROM call_records c
        WHERE c.outcome = 'kopplat' AND c.extension IS NOT NULL
          AND c.started_at >= (:since::date)::timestamp AT TIME ZONE 'Europe/Stockholm'
     )
     SELECT e.number, e.name, e.type, o.id AS organisation_id, o.code AS organisation_code,
            o.name AS organisation_name,
            pending.id AS order_id, pending.status AS order_status, pending.kind AS order_kind
       FROM extensions e JOIN organisations o ON o.id = e.organisation_id
       LEFT JOIN LATERAL (
         SELECT x.id, x.status, x.kind FROM extension_orders x WHERE x.number = e.number
            AND x.status IN ('ny', 'godkand', 'skickad') ORDER BY x.id DESC LIMIT 1
       ) pending ON true
      WHERE ${validOnSql('e', ':today::date')}
        AND (:organisationId::int IS NULL OR e.organisation_id = :organisationId::int)
        AND EXISTS (SELECT 1 FROM extensions f WHERE f.number = e.number AND ${validOnSql('f', ':since::date')})
        AND e.number NOT IN (SELECT extension FROM used)
      ORDER BY o.code, e.number
      LIMIT 2000`,
    { since, today: filter.today, organisationId: filter.organisationId ?? null }
  )
  return {
    since,
    rows: result.rows as {
      number: string
      name: string
      type: string
      organisation_id: number
      organisation_code: string
      organisation_name: string
      order_id: number | null
      order_status: string | null
      order_kind: string | null
    }[],
  }
}

/** The last day call records have been imported for (the window is only as good as that). */
export async function lastCallDay() {
  const row = await db
    .from('call_daily')
    .select(db.raw(`to_char(max(day), 'YYYY-MM-DD') AS day`))
    .first()
  return (row?.day as string | null) ?? null
}
