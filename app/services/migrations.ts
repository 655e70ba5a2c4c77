/** The migrations on disk, named as Lucid records them in `adonis_schema` (folder/name, no extension). */
import { readdir } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'

const MIGRATIONS_FOLDER = 'database/migrations'

let found: string[] | undefined

export async function migrationsOnDisk() {
  if (found) return found
  const files = await readdir(app.makePath(MIGRATIONS_FOLDER))
  found = files
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => `${MIGRATIONS_FOLDER}/${file.replace(/\.(ts|js)$/, '')}`)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return found
}

/** Run this app's pending migrations on a connection, quietly; returns how many ran. */
export async function runPendingMigrations(connectionName?: string) {
  const runner = new MigrationRunner(db, app, { direction: 'up', connectionName })
  await runner.run()
  if (runner.error) throw runner.error
  return Object.keys(runner.migratedFiles).length
}

/** Run this app's pending migrations on a connection, quietly (no output of its own). */
export async function migrateDatabase(connectionName?: string) {
  await runPendingMigrations(connectionName)
}
