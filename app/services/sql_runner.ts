/**
 * One SQL statement with `?` placeholders, run on whichever connection the caller holds:
 * the call import's own `pg.Client` (its transaction), a Lucid transaction (the calendar
 * edits, the migration) or the app's pool. Lets one piece of aggregate SQL serve all of
 * them (app/actions/calls/range_aggregates.ts).
 */
import type pg from 'pg'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

export type RunSql = (sql: string, bindings?: unknown[]) => Promise<{ rows: any[] }>

/** `?` → `$1`, `$2`, … (the statements given here have no `?` in strings or operators) */
function numbered(sql: string) {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

export const sqlOnPg =
  (client: pg.Client | pg.PoolClient): RunSql =>
  (sql, bindings = []) =>
    client.query(numbered(sql), bindings)

export const sqlOnLucid =
  (client: Pick<QueryClientContract, 'rawQuery'>): RunSql =>
  async (sql, bindings = []) =>
    client.rawQuery(sql, bindings as any[])
