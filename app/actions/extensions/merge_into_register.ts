/**
 * The extension register's one merge rule (FORMATS.md "extensions"; docs/adr/0033 for
 * orders), shared by a register snapshot (import_extensions.ts) and a performed extension
 * order (complete_extension_order.ts).
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { validOnSql } from '#queries/validity'
import type { OrganisationRef } from '#services/organisation_lookup'
import { addDays } from '#domain/periods'

/**
 * Which entries a change to the register speaks about: the whole city (null), one
 * organisation's extensions (plus the numbers named), or only the numbers named (an
 * extension order: the rows and the numbers to end).
 */
export type RegisterScope = OrganisationRef | null | { numbers: string[] }

export interface RegisterRow {
  number: string
  organisationId: number
  name: string
  type: string
}

/**
 * The register's one merge rule, for a snapshot and for a performed extension order alike:
 * afterwards the register as of `asOf` equals `rows` within the scope — entries that differ
 * or are missing end the day before (or, begun that very day, are corrected in place), new
 * entries start on `asOf` and end before any later entry of the same number. No two
 * entries of a number ever overlap (the exclusion constraint holds it too).
 */
export async function mergeIntoRegister(
  trx: TransactionClientContract,
  rows: RegisterRow[],
  asOf: string,
  scope: RegisterScope
) {
  const dayBefore = addDays(asOf, -1)
  // (dropped first: inside an outer transaction, ON COMMIT DROP has not fired yet)
  await trx.rawQuery('DROP TABLE IF EXISTS snapshot_rows')
  await trx.rawQuery(`
    CREATE TEMPORARY TABLE snapshot_rows (
      number varchar(20) PRIMARY KEY, organisation_id int NOT NULL, name text NOT NULL, type text NOT NULL
    ) ON COMMIT DROP`)
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000)
    await trx.table('snapshot_rows').multiInsert(
      chunk.map((row) => ({
        number: row.number,
        organisation_id: row.organisationId,
        name: row.name,
        type: row.type,
      }))
    )
  }
  const named = scope !== null && 'numbers' in scope
  if (named) {
    await trx.rawQuery('DROP TABLE IF EXISTS snapshot_scope')
    await trx.rawQuery(
      'CREATE TEMPORARY TABLE snapshot_scope (number varchar(20) PRIMARY KEY) ON COMMIT DROP'
    )
    const numbers = [...new Set([...scope.numbers, ...rows.map((row) => row.number)])]
    if (numbers.length > 0)
      await trx.table('snapshot_scope').multiInsert(numbers.map((number) => ({ number })))
  }

  // entries active at D that this change speaks about: in scope, or named in the rows
  const activeAt = validOnSql('e', ':asOf')
  const inScope = named
    ? 'e.number IN (SELECT number FROM snapshot_scope)'
    : scope
      ? `(e.organisation_id = :scope OR e.number IN (SELECT number FROM snapshot_rows))`
      : 'true'
  const bindings = { asOf, dayBefore, scope: scope && 'id' in scope ? scope.id : 0 }

  const unchanged = await trx.rawQuery(
    `SELECT count(*)::int AS count FROM extensions e JOIN snapshot_rows r
       ON r.number = e.number AND r.organisation_id = e.organisation_id AND r.name = e.name AND r.type = e.type
     WHERE ${activeAt}`,
    bindings
  )
  // close (or, when they began on D, remove) the entries that differ or are missing
  const changed = `
    ${activeAt} AND ${inScope} AND NOT EXISTS (
      SELECT 1 FROM snapshot_rows r WHERE r.number = e.number AND r.organisation_id = e.organisation_id
        AND r.name = e.name AND r.type = e.type)`
  const moved = await trx.rawQuery(
    `SELECT count(*)::int AS count FROM extensions e WHERE ${changed}
       AND EXISTS (SELECT 1 FROM snapshot_rows r WHERE r.number = e.number AND r.organisation_id <> e.organisation_id)`,
    bindings
  )
  const removed = await trx.rawQuery(
    `SELECT count(*)::int AS count FROM extensions e WHERE ${changed}
       AND NOT EXISTS (SELECT 1 FROM snapshot_rows r WHERE r.number = e.number)`,
    bindings
  )
  await trx.rawQuery(`DELETE FROM extensions e WHERE ${changed} AND e.valid_from = :asOf`, bindings)
  await trx.rawQuery(`UPDATE extensions e SET valid_to = :dayBefore WHERE ${changed}`, bindings)

  // new entries from D, ending before any later entry of the same number
  const inserted = await trx.rawQuery(
    `INSERT INTO extensions (number, organisation_id, name, type, valid_from, valid_to)
     SELECT r.number, r.organisation_id, r.name, r.type, :asOf::date,
            (SELECT min(f.valid_from) - 1 FROM extensions f WHERE f.number = r.number AND f.valid_from > :asOf)
       FROM snapshot_rows r
      WHERE NOT EXISTS (SELECT 1 FROM extensions e WHERE e.number = r.number AND ${activeAt})`,
    bindings
  )
  return {
    inserted: inserted.rowCount ?? 0,
    unchanged: unchanged.rows[0].count as number,
    moved: moved.rows[0].count as number,
    removed: removed.rows[0].count as number,
  }
}
