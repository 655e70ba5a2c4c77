/**
 * Run a hot query as a prepared statement: PostgreSQL parses it once per connection and,
 * after a few runs, reuses one plan instead of planning it again on every page view
 * (planning was about half of the database's time for the forum list, BENCHMARKS.md).
 *
 * The statement is named after its SQL text (with placeholders, not values), so one
 * query shape is one statement and a different shape can never reuse another's name.
 * Call it on the finished query: use `.limit(1)` and take `[0]` rather than `.first()`,
 * which would change the text after it was named.
 */
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'

interface Compilable {
  knexQuery: Knex.QueryBuilder
  toSQL(): { sql: string }
}

export function prepared<Query extends Compilable>(query: Query): Query {
  const name = `vx_${createHash('sha1').update(query.toSQL().sql).digest('base64url')}`
  query.knexQuery.options({ name })
  return query
}
