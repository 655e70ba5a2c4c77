/**
 * The database every benchmark uses: `vaxelnavet_bench` on the embedded server (started
 * here and stopped by `stop()`), or the server in BENCH_DATABASE_URL. `fresh()` drops and
 * re-creates it and runs the migrations.
 */
import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { EmbeddedDatabase } from '../app/services/embedded_database.js'
import {
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  embeddedPort,
} from '../app/services/database_settings.js'

export const root = new URL('../', import.meta.url).pathname

export async function benchDatabase() {
  let url = process.env.BENCH_DATABASE_URL
  let server: Awaited<ReturnType<EmbeddedDatabase['ensure']>> | null = null
  if (!url) {
    server = await new EmbeddedDatabase(root, embeddedPort()).ensure('postgres')
    url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${embeddedPort()}/vaxelnavet_bench`
  }
  const databaseUrl = url
  const env = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development' }
  return {
    url: databaseUrl,
    env,
    async fresh() {
      const adminUrl = new URL(databaseUrl)
      const name = adminUrl.pathname.slice(1)
      adminUrl.pathname = '/postgres'
      const admin = new pg.Client({ connectionString: adminUrl.toString() })
      await admin.connect()
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
      await admin.end()
      const migrate = spawnSync(process.execPath, ['ace.js', 'migration:run', '--force'], {
        cwd: root,
        env,
        encoding: 'utf8',
      })
      if (migrate.status !== 0) throw new Error(migrate.stderr || migrate.stdout)
    },
    stop: async () => server?.stop(),
  }
}

/** Point this process's app at the bench database (before `bootApp()` or spawning the server). */
export function useBenchDatabase(database: { url: string }) {
  process.env.DATABASE_URL = database.url
  process.env.NODE_ENV = 'development'
  process.env.LOG_LEVEL = 'warn'
  process.env.APP_KEY ??= 'bench-key-not-a-secret-0123456789abcd'
}

/** Boot the app in this process (for benchmarks that time actions and queries directly). */
export async function bootApp() {
  await import('reflect-metadata')
  const { Ignitor } = await import('@adonisjs/core')
  const appRoot = new URL('../', import.meta.url)
  const app = new Ignitor(appRoot, {
    importer: (path: string) =>
      path.startsWith('./') || path.startsWith('../')
        ? import(new URL(path, appRoot).href)
        : import(path),
  }).createApp('console')
  await app.init()
  await app.boot()
  return app
}
