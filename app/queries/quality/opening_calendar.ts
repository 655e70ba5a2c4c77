/** The switchboard's opening calendar (migration 0120, app/domain/opening_hours.ts). */
import db from '@adonisjs/lucid/services/db'
import type { OpeningCalendar } from '#domain/opening_hours'
import { sqlOnLucid, type RunSql } from '#services/sql_runner'

export async function openingCalendar(): Promise<OpeningCalendar & { periodRows: PeriodRow[] }> {
  return readOpeningCalendar(sqlOnLucid(db))
}

/**
 * The calendar as a given connection sees it: the call import reads it in its own
 * transaction, a calendar edit before and after its change (app/actions/calls/range_aggregates.ts).
 */
export async function readOpeningCalendar(
  run: RunSql
): Promise<OpeningCalendar & { periodRows: PeriodRow[] }> {
  const { rows: hours } = await run(
    `SELECT season, weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes
       FROM opening_hours ORDER BY season, weekday`
  )
  const periods = await readOpeningPeriods(run)
  const ofSeason = (season: string) =>
    hours
      .filter((row) => row.season === season)
      .map((row) => ({ weekday: row.weekday, opens: row.opens, closes: row.closes }))
  return {
    normal: ofSeason('normal'),
    summer: ofSeason('summer'),
    periods: periods.map((row) => ({ kind: row.kind, startsOn: row.startsOn, endsOn: row.endsOn })),
    periodRows: periods,
  }
}

export interface PeriodRow {
  id: number
  kind: 'summer' | 'closed'
  startsOn: string
  endsOn: string
  note: string
}

export async function openingPeriods(): Promise<PeriodRow[]> {
  return readOpeningPeriods(sqlOnLucid(db))
}

async function readOpeningPeriods(run: RunSql): Promise<PeriodRow[]> {
  const { rows } = await run(
    `SELECT id, kind, to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
            to_char(ends_on, 'YYYY-MM-DD') AS ends_on, note
       FROM opening_periods ORDER BY starts_on, id`
  )
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    note: row.note,
  }))
}
