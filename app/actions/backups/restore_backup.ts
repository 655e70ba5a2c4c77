/**
 * Restore a backup into an empty database and an empty storage folder, nothing else:
 * check the backup, check that this version of the app has exactly the backup's
 * migrations, migrate the empty database, load the rows and files, and check every
 * invoice PDF against its checksum.
 */
import { createHash } from 'node:crypto'
import {
  BackupError,
  connect,
  loadBackup,
  publicTables,
  verifyBackup,
} from '#services/backup_archive'
import type { ConnectionSettings } from '#services/database_settings'
import type { StorageBackend } from '#services/storage'

export interface RestoreInput {
  dir: string
  connection: ConnectionSettings
  storage: StorageBackend
  /** this app's migrations (app/services/migrations.ts) */
  migrations: string[]
  /** run this app's migrations on the (empty) target database */
  migrate: () => Promise<void>
}

export type RestoreResult =
  { ok: true; tables: number; files: number; invoicePdfs: number } | { ok: false; errors: string[] }

export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const { manifest, problems } = await verifyBackup(input.dir)
  if (!manifest || problems.length > 0)
    return { ok: false, errors: ['Säkerhetskopian är skadad:', ...problems] }

  const missing = manifest.migrations.filter((name) => !input.migrations.includes(name))
  const newer = input.migrations.filter((name) => !manifest.migrations.includes(name))
  if (missing.length > 0 || newer.length > 0) {
    return {
      ok: false,
      errors: [
        `Säkerhetskopian är gjord av Växelnavet ${manifest.app.version}${manifest.app.commit ? ` (${manifest.app.commit.slice(0, 12)})` : ''} ` +
          `med ${manifest.migrations.length} migreringar; den här versionen har ${input.migrations.length}. ` +
          'Återställ med samma version som gjorde kopian och uppgradera sedan (migration:run).',
      ],
    }
  }
  const tables = await publicTables(input.connection)
  if (tables.length > 0) {
    return {
      ok: false,
      errors: [
        `Databasen är inte tom (${tables.length} tabeller). Återställ bara till en tom databas.`,
      ],
    }
  }
  const stored = await input.storage.list('')
  if (stored.length > 0) {
    return {
      ok: false,
      errors: [
        `Lagringen ${input.storage.location} är inte tom. Återställ bara till en tom lagring.`,
      ],
    }
  }

  await input.migrate()
  await loadBackup({
    dir: input.dir,
    manifest,
    connection: input.connection,
    storage: input.storage,
  })
  const invoicePdfs = await checkInvoicePdfs(input.connection, input.storage)
  if (invoicePdfs.bad.length > 0) {
    throw new BackupError(
      `fakturornas PDF eller exportbatchernas filer stämmer inte efter återställningen: ${invoicePdfs.bad.join(', ')}`
    )
  }
  return {
    ok: true,
    tables: manifest.database.tables.length,
    files: manifest.files.length,
    invoicePdfs: invoicePdfs.checked,
  }
}

/** Every issued invoice's PDF and every export batch file in the storage, against the checksums in the database. */
export async function checkInvoicePdfs(connection: ConnectionSettings, storage: StorageBackend) {
  const client = await connect(connection, 'vaxelnavet-restore')
  try {
    const { rows } = await client.query<{ number: string; pdf_path: string; pdf_sha256: string }>(
      'SELECT number, pdf_path, pdf_sha256 FROM invoices WHERE pdf_path IS NOT NULL ORDER BY number'
    )
    const bad: string[] = []
    for (const row of rows) {
      const content = await storage.read(row.pdf_path).catch(() => null)
      if (!content || createHash('sha256').update(content).digest('hex') !== row.pdf_sha256)
        bad.push(row.number)
    }
    // the finance export batches are handed out again byte for byte: their files too
    const batches = await client.query<{ number: number; path: string; sha256: string }>(
      `SELECT number, csv_path AS path, csv_sha256 AS sha256 FROM export_batches WHERE csv_path IS NOT NULL
       UNION ALL
       SELECT number, sie_path, sie_sha256 FROM export_batches WHERE sie_path IS NOT NULL
       ORDER BY number, path`
    )
    for (const row of batches.rows) {
      const content = await storage.read(row.path).catch(() => null)
      if (!content || createHash('sha256').update(content).digest('hex') !== row.sha256)
        bad.push(`exportbatch ${row.number} (${row.path})`)
    }
    return { checked: rows.length, bad }
  } finally {
    await client.end().catch(() => {})
  }
}
