import db from '@adonisjs/lucid/services/db'
import { cachedQuality } from '#queries/quality/quality_cache'
import type { DateRange } from '#domain/date_ranges'
import { taggedPieceSql } from '#queries/quality/range_pieces'

/**
 * Calls transferred (Kopplat) and messages left (Meddelande) per organisation in a range:
 * whole months from call_monthly_org, partial months from call_hourly_org (hours in
 * Stockholm time). The counts are reused until the data
 * changes (quality_cache.ts: call_hourly_org is written only in the statement that writes
 * call_daily, whose trigger marks the change); the organisations' codes and names are read
 * fresh, so a renamed organisation shows its new name at once (bench/quality, issue 17).
 */
export async function transferredPerOrganisation(range: DateRange) {
  const counts = await cachedQuality(`transfers:${range.from}:${range.to}`, () =>
    computeTransferCounts(range)
  )
  const [named] = await withOrganisationNames([counts])
  return named
}

export interface TransferCount {
  id: number
  transferred: number
  messages: number
}

/** The counts per organisation id, summed in SQL over the range's pieces (integers). */
export async function computeTransferCounts(range: DateRange): Promise<TransferCount[]> {
  const [counts] = await computeTransferCountsOf([range])
  return counts
}

/** computeTransferCounts of several ranges in one statement. */
export async function computeTransferCountsOf(ranges: DateRange[]): Promise<TransferCount[][]> {
  const result: TransferCount[][] = ranges.map(() => [])
  const pieces = taggedPieceSql(
    ranges.map((range, tag) => ({ tag, range })),
    `SELECT ?::int AS r, organisation_id, outcome, calls FROM call_monthly_org WHERE month = ANY(?::date[])`,
    `SELECT ?::int AS r, organisation_id, outcome, calls FROM call_hourly_org
      WHERE hour >= (?::date::timestamp AT TIME ZONE 'Europe/Stockholm')
        AND hour < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')`
  )
  if (pieces.sql === '') return result
  const { rows } = await db.rawQuery(
    `SELECT r, organisation_id AS id,
            coalesce(sum(calls) FILTER (WHERE outcome = 'kopplat'), 0)::int AS transferred,
            coalesce(sum(calls) FILTER (WHERE outcome = 'meddelande'), 0)::int AS messages
       FROM (${pieces.sql}) p
      GROUP BY 1, 2 ORDER BY 1, 2`,
    pieces.bindings
  )
  for (const row of rows as Record<string, any>[]) {
    result[row.r].push({ id: row.id, transferred: row.transferred, messages: row.messages })
  }
  return result
}

/**
 * The organisations' codes and names, read fresh (a renamed organisation shows its new name
 * at once), in one query for all the lists given; each list sorted by code.
 */
export async function withOrganisationNames(lists: TransferCount[][]) {
  const ids = [...new Set(lists.flat().map((row) => row.id))]
  const organisations =
    ids.length === 0
      ? []
      : await db.from('organisations').whereIn('id', ids).select('id', 'code', 'name')
  const byId = new Map(organisations.map((row) => [row.id as number, row]))
  return lists.map((counts) =>
    counts
      .filter((row) => byId.has(row.id))
      .map((row) => ({
        id: row.id,
        code: byId.get(row.id)!.code as string,
        name: byId.get(row.id)!.name as string,
        transferred: row.transferred,
        messages: row.messages,
      }))
      .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
  )
}
