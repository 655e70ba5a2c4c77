/** The switchboard's opening calendar (migration 0120, app/domain/opening_hours.ts). */
import db from '@adonisjs/lucid/services/db'
import type { OpeningCalendar } from '#domain/opening_hours'

export async function openingCalendar(): Promise<OpeningCalendar & { periodRows: PeriodRow[] }> {
  const hours = await db
    .from('opening_hours')
    .orderBy(['season', 'weekday'])
    .select(
      'season',
      'weekday',
      db.raw(`to_char(opens, 'HH24:MI') as opens`),
      db.raw(`to_char(closes, 'HH24:MI') as closes`)
    )
  const periods = await openingPeriods()
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
  const rows = await db
    .from('opening_periods')
    .orderBy('starts_on')
    .select(
      'id',
      'kind',
      db.raw(`to_char(starts_on, 'YYYY-MM-DD') as starts_on`),
      db.raw(`to_char(ends_on, 'YYYY-MM-DD') as ends_on`),
      'note'
    )
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    note: row.note,
  }))
}
