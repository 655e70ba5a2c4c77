/**
 * Databases of their own for tests that run the app as separate processes or copy whole
 * databases: created on the test server beside `vaxelnavet_test`, dropped afterwards.
 */
import db from '@adonisjs/lucid/services/db'
import { connect } from '#services/backup_archive'
import { databaseSettings, type ConnectionSettings } from '#services/database_settings'
import { migrateDatabase } from '#services/migrations'

/** The connection settings of database `name` on the test server. */
export function scratchSettings(name: string): ConnectionSettings {
  const { connection } = databaseSettings()
  if (connection.connectionString) {
    const url = new URL(connection.connectionString)
    url.pathname = `/${name}`
    return { connectionString: url.toString() }
  }
  return { ...connection, database: name }
}

/** The same as a DATABASE_URL, for a child process. */
export function scratchUrl(name: string) {
  const settings = scratchSettings(name)
  if (settings.connectionString) return settings.connectionString
  const password = encodeURIComponent(settings.password ?? '')
  return `postgres://${settings.user}:${password}@${settings.host}:${settings.port}/${name}`
}

async function onServer(sql: string) {
  const client = await connect(scratchSettings('postgres'), 'vaxelnavet-test')
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function addConnection(name: string) {
  db.manager.add(name, {
    client: 'pg',
    connection: scratchSettings(name),
    pool: { min: 0, max: 2 },
    migrations: { naturalSort: true, paths: ['database/migrations'] },
  })
}

/**
 * The migrations are run once per test run, on a database of their own; every migrated
 * scratch database is a copy of it (`CREATE DATABASE … TEMPLATE`), which is the same schema
 * and rows in a fraction of the time the 60-odd migrations take.
 */
const MIGRATED = `vx_migrated_${process.pid}`
let migrated: Promise<void> | undefined

function migratedTemplate() {
  migrated ??= (async () => {
    await dropScratchDatabase(MIGRATED)
    await onServer(`CREATE DATABASE ${MIGRATED}`)
    addConnection(MIGRATED)
    await migrateDatabase(MIGRATED)
    // a template takes no connections while it is copied
    await db.manager.close(MIGRATED, true)
  })().catch((error) => {
    migrated = undefined
    throw error
  })
  return migrated
}

/** Drop the migrated template, if this run made one (the runner's teardown). */
export async function dropMigratedTemplate() {
  if (!migrated) return
  await migrated.catch(() => {})
  await dropScratchDatabase(MIGRATED)
  migrated = undefined
}

/**
 * A new empty database `name` (or a copy of `template`), reachable as a Lucid connection
 * of the same name; `migrated` gives it the migrated schema (a copy of the run's migrated
 * template).
 */
export async function createScratchDatabase(
  name: string,
  options: { template?: string; migrated?: boolean } = {}
) {
  if (options.migrated && options.template)
    throw new Error('a scratch database is either a copy of a template or migrated')
  let template = options.template
  if (options.migrated) {
    await migratedTemplate()
    template = MIGRATED
  }
  await dropScratchDatabase(name)
  await onServer(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`)
  addConnection(name)
  return db.connection(name)
}

/** Close its connection (if any) and drop it, ending whoever is still connected. */
export async function dropScratchDatabase(name: string) {
  if (db.manager.has(name)) await db.manager.close(name, true)
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
