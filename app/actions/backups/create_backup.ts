/** Write a backup of the app's database and stored files (app/services/backup_archive.ts). */
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { createBackup as writeBackup } from '#services/backup_archive'
import type { ConnectionSettings } from '#services/database_settings'
import type { StorageBackend } from '#services/storage'

/** The app's version and, in a git checkout, its commit. */
export async function appVersion() {
  const { version } = JSON.parse(await readFile(app.makePath('package.json'), 'utf8'))
  const git = spawnSync('git', ['rev-parse', 'HEAD'], {
    cwd: app.appRoot.pathname,
    encoding: 'utf8',
  })
  return { version: String(version), commit: git.status === 0 ? git.stdout.trim() : null }
}

export async function createBackup(input: {
  connection: ConnectionSettings
  storage: StorageBackend
  outDir: string
}) {
  const manifest = await writeBackup({ ...input, app: await appVersion() })
  return {
    out: input.outDir,
    tables: manifest.database.tables.length,
    rows: manifest.database.tables.reduce((sum, table) => sum + table.rows, 0),
    files: manifest.files.length,
    migrations: manifest.migrations.length,
  }
}
