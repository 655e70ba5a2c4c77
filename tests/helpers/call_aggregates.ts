/**
 * Writes aggregate rows the way an import does — hourly and daily (Stockholm day) wait
 * histograms and, for attributed calls, the per-organisation counts, then the range
 * aggregates of those days by the import's own refresh — for page tests that need figures
 * without importing a file.
 */
import db from '@adonisjs/lucid/services/db'
import { refreshRangeAggregates } from '#actions/calls/range_aggregates'
import { stockholmDate } from '#domain/stockholm_time'
import { sqlOnLucid } from '#services/sql_runner'

export interface AggregateRow {
  hour: string
  outcome: 'besvarat' | 'kopplat' | 'avbrutet' | 'meddelande'
  waitBucket: number
  calls: number
  cost?: number
  organisationId?: number
  entryNumber?: string
}

export async function insertCallAggregates(rows: AggregateRow[]) {
  for (const row of rows) {
    const values = {
      entry_number: row.entryNumber ?? '0850811000',
      outcome: row.outcome,
      wait_bucket: row.waitBucket,
      calls: row.calls,
      wait_seconds: 0,
      talk_seconds: 0,
      cost: row.cost ?? 0,
    }
    // the same merge for both grains: a second row for the same key adds to it, as an import does
    await db.rawQuery(
      `INSERT INTO call_hourly (hour, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       VALUES (:hour, :entry_number, :outcome, :wait_bucket, :calls, :wait_seconds, :talk_seconds, :cost)
       ON CONFLICT (hour, entry_number, outcome, wait_bucket) DO UPDATE SET calls = call_hourly.calls + EXCLUDED.calls, cost = call_hourly.cost + EXCLUDED.cost`,
      { hour: row.hour, ...values }
    )
    await db.rawQuery(
      `INSERT INTO call_daily (day, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       VALUES ((:hour::timestamptz AT TIME ZONE 'Europe/Stockholm')::date, :entry_number, :outcome, :wait_bucket, :calls, :wait_seconds, :talk_seconds, :cost)
       ON CONFLICT (day, entry_number, outcome, wait_bucket) DO UPDATE SET calls = call_daily.calls + EXCLUDED.calls, cost = call_daily.cost + EXCLUDED.cost`,
      { hour: row.hour, ...values }
    )
    if (row.organisationId) {
      await db.rawQuery(
        `INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls) VALUES (?, ?, ?, ?)
         ON CONFLICT (hour, organisation_id, outcome) DO UPDATE SET calls = call_hourly_org.calls + EXCLUDED.calls`,
        [row.hour, row.organisationId, row.outcome, row.calls]
      )
    }
  }
  if (rows.length === 0) return
  const days = rows.map((row) => stockholmDate(Date.parse(row.hour))).sort()
  await refreshRangeAggregates(sqlOnLucid(db), { from: days[0], to: days[days.length - 1] })
}
