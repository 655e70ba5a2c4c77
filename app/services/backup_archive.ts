/**
 * Backups: a consistent copy of the database and the stored files, and its way back.
 *
 * The database is copied table by table with COPY inside one REPEATABLE READ, READ ONLY
 * transaction (one snapshot, so the copy is consistent without stopping the app), as
 * gzipped text; the schema is not copied but recreated by the migrations the manifest
 * names, so a backup restores on any PostgreSQL 15 or newer without a pg_dump of the
 * server's version. The stored files (invoice and minutes PDFs) are copied after the
 * database: every file a copied row names was written before the snapshot. A manifest
 * lists every file with its SHA-256, the app's version and the migrations. See
 * docs/adr/0014-backups.md.
 *
 * Kept free of AdonisJS so the commands can run it against any connection.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import pg from 'pg'
import copyStreams from 'pg-copy-streams'
import type { ConnectionSettings } from './database_settings.js'
import type { StorageBackend } from './storage.js'

export const BACKUP_FORMAT = 'vaxelnavet-backup'
export const BACKUP_FORMAT_VERSION = 1
export const MANIFEST = 'manifest.json'

/** Tables of the moment, not of the record: sessions, login counters, the job queue. */
export const TRANSIENT_TABLES = ['sessions', 'rate_limits', 'jobs']
/** Stored files that are not records: uploads waiting for their job, health probes. */
const TRANSIENT_FOLDERS = ['uploads']

export interface ManifestTable {
  name: string
  file: string
  sha256: string
  rows: number
  columns: string[]
}

export interface Manifest {
  format: typeof BACKUP_FORMAT
  formatVersion: number
  createdAt: string
  app: { version: string; commit: string | null }
  migrations: string[]
  database: {
    tables: ManifestTable[]
    sequences: { name: string; lastValue: string; isCalled: boolean }[]
  }
  files: { path: string; sha256: string; bytes: number }[]
}

export class BackupError extends Error {}

/** A pg client that fails its query, not the process, when the server goes away. */
export async function connect(connection: ConnectionSettings, applicationName: string) {
  const client = new pg.Client({ ...connection, application_name: applicationName })
  client.on('error', () => {})
  await client.connect()
  return client
}

async function sha256Of(path: string) {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The ordinary tables of the schema `public`, by name. */
export async function publicTableNames(client: pg.Client) {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`
  )
  return rows.map((row) => row.name)
}

/** Stored files that are not records: uploads waiting for their job, health probes. */
function isTransient(path: string) {
  const parts = path.split('/')
  return TRANSIENT_FOLDERS.includes(parts[0]) || parts.some((part) => part.startsWith('.'))
}

/** The record files in the storage, as paths relative to it. */
export async function storedFiles(storage: StorageBackend) {
  const listed = await storage.list('')
  return listed.map((file) => file.path).filter((path) => !isTransient(path))
}

/** Is the folder absent or empty? */
export async function isEmptyFolder(path: string) {
  const entries = await readdir(path).catch((error) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return entries.length === 0
}

/** Write a backup of the database at `connection` and the files in `storage` into `outDir`. */
export async function createBackup(options: {
  connection: ConnectionSettings
  storage: StorageBackend
  outDir: string
  app: Manifest['app']
}): Promise<Manifest> {
  if (!(await isEmptyFolder(options.outDir))) {
    throw new BackupError(
      `mappen ${options.outDir} finns redan och är inte tom; välj en ny mapp för säkerhetskopian`
    )
  }
  await mkdir(join(options.outDir, 'database'), { recursive: true })
  const client = await connect(options.connection, 'vaxelnavet-backup')
  const tables: ManifestTable[] = []
  let migrations: string[]
  let sequences: Manifest['database']['sequences']
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const applied = await client.query<{ name: string }>(
      'SELECT name FROM adonis_schema ORDER BY id'
    )
    migrations = applied.rows.map((row) => row.name)
    for (const name of await publicTableNames(client)) {
      if (TRANSIENT_TABLES.includes(name)) continue
      const attributes = await client.query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
          AND attgenerated = '' ORDER BY attnum`,
        [`public.${quote(name)}`]
      )
      const columns = attributes.rows.map((row) => row.name)
      const file = `database/${name}.copy.gz`
      const source = client.query(
        copyStreams.to(
          `COPY (SELECT ${columns.map(quote).join(', ')} FROM public.${quote(name)}) TO STDOUT`
        )
      )
      await pipeline(source, createGzip(), createWriteStream(join(options.outDir, file)))
      tables.push({
        name,
        file,
        sha256: await sha256Of(join(options.outDir, file)),
        rows: Number(source.rowCount),
        columns,
      })
    }
    const sequenceRows = await client.query<{
      name: string
      last_value: string | null
      is_called: boolean
    }>(
      `SELECT sequencename AS name, last_value, last_value IS NOT NULL AS is_called FROM pg_sequences
        WHERE schemaname = 'public' ORDER BY 1`
    )
    sequences = sequenceRows.rows.map((row) => ({
      name: row.name,
      lastValue: row.last_value ?? '1',
      isCalled: row.is_called,
    }))
    await client.query('COMMIT')
  } finally {
    await client.end().catch(() => {})
  }

  const files: Manifest['files'] = []
  for (const path of await storedFiles(options.storage)) {
    const target = join(options.outDir, 'files', path)
    const content = await options.storage.read(path)
    if (!content) continue // removed since it was listed (an orphan or an upload)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, content)
    const { size } = await stat(target)
    files.push({ path, sha256: await sha256Of(target), bytes: size })
  }

  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    app: options.app,
    migrations,
    database: { tables, sequences },
    files,
  }
  await writeFile(join(options.outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

/** Read the manifest and check every file it lists; the problems in Swedish, [] when none. */
export async function verifyBackup(
  dir: string
): Promise<{ manifest: Manifest | null; problems: string[] }> {
  let manifest: Manifest
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'))
  } catch {
    return { manifest: null, problems: [`${join(dir, MANIFEST)} saknas eller går inte att läsa`] }
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    return {
      manifest: null,
      problems: [
        `${MANIFEST} är inte en säkerhetskopia av Växelnavet i format ${BACKUP_FORMAT_VERSION}`,
      ],
    }
  }
  const problems: string[] = []
  const expected = [
    ...manifest.database.tables.map((table) => ({ path: table.file, sha256: table.sha256 })),
    ...manifest.files.map((file) => ({ path: `files/${file.path}`, sha256: file.sha256 })),
  ]
  for (const { path, sha256 } of expected) {
    if (path.split('/').includes('..')) {
      problems.push(`${path}: sökvägen pekar utanför säkerhetskopian`)
      continue
    }
    const actual = await sha256Of(join(dir, path)).catch(() => null)
    if (actual === null) problems.push(`${path} saknas`)
    else if (actual !== sha256) problems.push(`${path} stämmer inte med sin kontrollsumma`)
  }
  return { manifest, problems }
}

/**
 * Load the verified backup into the database at `connection`, whose schema the caller
 * has just migrated to exactly the backup's migrations (its reference rows are replaced
 * by the backup's), and copy its files into `storage`.
 */
export async function loadBackup(options: {
  dir: string
  manifest: Manifest
  connection: ConnectionSettings
  storage: StorageBackend
}) {
  const { manifest, dir } = options
  const client = await connect(options.connection, 'vaxelnavet-restore')
  try {
    await client.query('BEGIN')
    const present = await publicTableNames(client)
    const toEmpty = present.filter((name) => !name.startsWith('adonis_schema'))
    // As pg_dump does: the foreign keys go while the rows load (tables may refer to each
    // other in a circle) and come back afterwards, which checks every row; no trigger of
    // ours may add rows while loading.
    const { rows: foreignKeys } = await client.query<{
      tableName: string
      name: string
      definition: string
    }>(
      `SELECT c.relname AS "tableName", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public'`
    )
    for (const key of foreignKeys)
      await client.query(
        `ALTER TABLE public.${quote(key.tableName)} DROP CONSTRAINT ${quote(key.name)}`
      )
    for (const name of toEmpty)
      await client.query(`ALTER TABLE public.${quote(name)} DISABLE TRIGGER USER`)
    if (toEmpty.length > 0)
      await client.query(`TRUNCATE ${toEmpty.map((name) => `public.${quote(name)}`).join(', ')}`)
    for (const table of manifest.database.tables) {
      if (table.name.startsWith('adonis_schema')) continue
      if (!present.includes(table.name))
        throw new BackupError(`tabellen ${table.name} finns inte i den migrerade databasen`)
      const sink = client.query(
        copyStreams.from(
          `COPY public.${quote(table.name)} (${table.columns.map(quote).join(', ')}) FROM STDIN`
        )
      )
      await pipeline(createReadStream(join(dir, table.file)), createGunzip(), sink)
    }
    for (const name of toEmpty)
      await client.query(`ALTER TABLE public.${quote(name)} ENABLE TRIGGER USER`)
    for (const key of foreignKeys) {
      await client.query(
        `ALTER TABLE public.${quote(key.tableName)} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`
      )
    }
    for (const sequence of manifest.database.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        `public.${quote(sequence.name)}`,
        sequence.lastValue,
        sequence.isCalled,
      ])
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end().catch(() => {})
  }
  for (const file of manifest.files) {
    await options.storage.createNew(file.path, await readFile(join(dir, 'files', file.path)))
  }
}

/** The tables in schema `public` of the database at `connection` (an empty one has none). */
export async function publicTables(connection: ConnectionSettings) {
  const client = await connect(connection, 'vaxelnavet-restore')
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`
    )
    return tables.rows.map((row) => row.name)
  } finally {
    await client.end().catch(() => {})
  }
}
