/**
 * Month figures and trends are computed from aggregates that change only when calls,
 * supplier statistics or targets are imported or edited. Each such transaction leaves a
 * row in `quality_changes` (migration 0026); the rows a reader sees — their number, the
 * highest id and the sum of ids — identify the data state it reads, so a figure computed
 * in that state is reused until the next change becomes visible. Ids are never reused,
 * so a rolled-back change can never make an old entry look current.
 *
 * A figure not yet in this process's map is first looked up in `quality_precomputed`
 * (migration 0240): the call import computes the month view's figures of the months it
 * wrote right after its commit, under the state it computed them in
 * (app/actions/quality/precompute_quality.ts, docs/adr/0034), so the first view after an
 * import — in any instance — reads them instead of computing them.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

const MAX_ENTRIES = 500
const cache = new Map<string, unknown>()

/**
 * The kinds of figure the import computes ahead (`<kind>:<period>`); only these are looked
 * up in quality_precomputed, so a range's figures cost no extra round trip when computed.
 */
export const PRECOMPUTED_KINDS = ['month', 'heatmap', 'entries', 'trend'] as const
const isPrecomputed = (key: string) =>
  (PRECOMPUTED_KINDS as readonly string[]).includes(key.slice(0, key.indexOf(':')))

/** The data state `client` sees (in a transaction: the state of its snapshot). */
export async function dataState(client: QueryClientContract = db.connection()) {
  const { rows } = await client.rawQuery(
    'SELECT count(*) AS n, max(id) AS last, sum(id) AS total FROM quality_changes'
  )
  return `${rows[0].n}:${rows[0].last}:${rows[0].total}`
}

async function precomputed(state: string, key: string) {
  if (!isPrecomputed(key)) return undefined
  const { rows } = await db.rawQuery(
    'SELECT value FROM quality_precomputed WHERE state = ? AND key = ?',
    [state, key]
  )
  return rows.length > 0 ? rows[0].value : undefined
}

/**
 * Several figures in one data state: one look-up of the state (and one of the stored
 * figures for those not in this process's map) for a page that shows them together.
 * `together`, when given, computes the keys found in neither in one go (fewer statements
 * than one `compute` each); a key it leaves out is computed alone.
 */
export async function cachedQualities<T extends unknown[]>(
  computations: {
    [K in keyof T]: [key: string, compute: () => Promise<T[K]>]
  },
  together?: (keys: string[]) => Promise<Map<string, unknown>>
): Promise<T> {
  const state = await dataState()
  const missing = computations
    .map(([key]) => key)
    .filter((key) => isPrecomputed(key) && !cache.has(`${state}|${key}`))
  const stored = new Map<string, unknown>()
  if (missing.length > 0) {
    const { rows } = await db.rawQuery(
      'SELECT key, value FROM quality_precomputed WHERE state = ? AND key = ANY(?::text[])',
      [state, missing]
    )
    for (const row of rows) stored.set(row.key, row.value)
  }
  const absent = computations
    .map(([key]) => key)
    .filter((key) => !cache.has(`${state}|${key}`) && !stored.has(key))
  const computed = together && absent.length > 0 ? await together(absent) : new Map()
  const values = []
  for (const [key, compute] of computations) {
    const fullKey = `${state}|${key}`
    let value = cache.get(fullKey)
    if (value === undefined) {
      value = stored.get(key) ?? computed.get(key) ?? (await compute())
      remember(fullKey, value)
    }
    values.push(structuredClone(value))
  }
  return values as T
}

function remember(fullKey: string, value: unknown) {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!)
  cache.set(fullKey, value)
}

/** The result of `compute` for this key in the current data state (a copy: callers may change it). */
export async function cachedQuality<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const state = await dataState()
  const fullKey = `${state}|${key}`
  let value = cache.get(fullKey) as T | undefined
  if (value === undefined) {
    value = ((await precomputed(state, key)) as T | undefined) ?? (await compute())
    remember(fullKey, value)
  }
  return structuredClone(value)
}
