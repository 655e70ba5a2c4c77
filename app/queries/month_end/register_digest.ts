/**
 * The extensions register as a calculation's inputs record it (`extensions:KEYDATE`,
 * docs/adr/0015): how many entries are valid on the key date, the sum of their ids and
 * the sum of their owners weighted by id. Summing the 60 000 entries was most of the
 * cost of a staleness check, which the period page, the checklist and the start page
 * make on every view; the digest is therefore kept per key date under the register's
 * version (migration 0230, docs/adr/0015, amendment) and summed again only once the register
 * changed. The register version changes with every statement that writes `extensions`,
 * so a kept digest is always the one the sums would give.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { validOnSql } from '#queries/validity'

export interface RegisterDigest {
  /** entries valid on the key date */
  count: string
  /** the sum of their ids */
  ids: string
  /** the sum of organisation id × (id mod 1 000 003): a move between owners changes it */
  owners: string
}

/** One kept digest per connection and key date (a key date is a day of some period). */
const MAX_KEPT = 500
const kept = new Map<string, { version: string; digest: RegisterDigest }>()

/**
 * The register version a reader sees: the table's oid (a re-created database never
 * reuses a version number of the old one) and the version row; null when the row is
 * missing (a test truncated every table), and then nothing is kept.
 */
const VERSION_SQL = `SELECT 'extension_register_state'::regclass::oid || ':' || version AS version
  FROM extension_register_state`

/** The sums over the register, with the version read in the same statement (one snapshot). */
const DIGEST_SQL = `SELECT (${VERSION_SQL}) AS version,
         count(*)::bigint::text AS count,
         coalesce(sum(id), 0)::text AS ids,
         coalesce(sum(organisation_id::bigint * (id % 1000003)), 0)::text AS owners
    FROM extensions WHERE ${validOnSql('extensions', ':day::date')}`

async function sums(client: QueryClientContract, keyDate: string) {
  const { rows } = await client.rawQuery(DIGEST_SQL, { day: keyDate })
  const row = rows[0]
  return {
    version: (row.version as string | null) ?? null,
    digest: { count: row.count, ids: row.ids, owners: row.owners } as RegisterDigest,
  }
}

/** The register's digest on a key date, summed only when the register changed since. */
export async function registerDigest(
  client: QueryClientContract,
  keyDate: string
): Promise<RegisterDigest> {
  const key = `${client.connectionName}|${keyDate}`
  const { rows } = await client.rawQuery(VERSION_SQL)
  const version = (rows[0]?.version as string | undefined) ?? null
  const found = kept.get(key)
  if (version !== null && found && found.version === version) return { ...found.digest }
  const computed = await sums(client, keyDate)
  if (computed.version !== null) {
    kept.delete(key)
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!)
    kept.set(key, { version: computed.version, digest: computed.digest })
  }
  return { ...computed.digest }
}

/** The digest summed now, never kept: what `registerDigest` must always equal (tests). */
export async function summedRegisterDigest(
  client: QueryClientContract,
  keyDate: string
): Promise<RegisterDigest> {
  const { digest } = await sums(client, keyDate)
  return digest
}
