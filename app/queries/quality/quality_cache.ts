/**
 * Month figures and trends are computed from aggregates that change only when calls,
 * supplier statistics or targets are imported or edited. Each such transaction leaves a
 * row in `quality_changes` (migration 0026); the rows a reader sees — their number, the
 * highest id and the sum of ids — identify the data state it reads, so a figure computed
 * in that state is reused until the next change becomes visible. Ids are never reused,
 * so a rolled-back change can never make an old entry look current.
 */
import db from '@adonisjs/lucid/services/db'

const MAX_ENTRIES = 500
const cache = new Map<string, unknown>()

async function dataState() {
  const { rows } = await db.rawQuery(
    'SELECT count(*) AS n, max(id) AS last, sum(id) AS total FROM quality_changes'
  )
  return `${rows[0].n}:${rows[0].last}:${rows[0].total}`
}

/** The result of `compute` for this key in the current data state (a copy: callers may change it). */
export async function cachedQuality<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const fullKey = `${await dataState()}|${key}`
  let value = cache.get(fullKey) as T | undefined
  if (value === undefined) {
    value = await compute()
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!)
    cache.set(fullKey, value)
  }
  return structuredClone(value)
}
