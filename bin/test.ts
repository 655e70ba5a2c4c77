/*
|--------------------------------------------------------------------------
| `npm test`: every suite against a real PostgreSQL
|--------------------------------------------------------------------------
|
| Uses the server in DATABASE_URL / DB_HOST when set; otherwise the embedded PostgreSQL
| with its own database `vaxelnavet_test` (started here and stopped afterwards unless a
| running `npm start` already has it up). The schema is rebuilt from the migrations at
| the start of every run.
*/
process.env.NODE_ENV = 'test'

import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { loadEnvFile } from '../app/services/env_file.js'
import { markPhase } from '../tests/helpers/timings.js'

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const appRoot = new URL('../', import.meta.url).pathname
loadEnvFile(appRoot)
// Tests need no secrets of their own: a fixed key, in-memory sessions (the session test
// client needs them), quiet logs, a port of their own.
process.env.APP_KEY ||= 'test-key-not-a-secret-0123456789abcdef'
process.env.SESSION_DRIVER = 'memory'
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'fatal'
process.env.PORT = process.env.TEST_PORT ?? '3334'
process.env.HOST = '127.0.0.1'
process.env.TZ = 'UTC'
// files written by tests (invoice PDFs, uploads) never touch a running app's storage/
process.env.STORAGE_PATH = 'tmp/test-storage'
// the call list's count has a time budget (75 ms, docs/adr/0032 §5); tests on a busy machine
// must get the count they compare, so theirs is 2 s (the budget's own test holds a lock)
process.env.CALL_COUNT_BUDGET_MS ??= '2000'

const database = await ensureDatabaseServer(appRoot)
markPhase('database server up')
process.on('exit', () => database.stopSync())

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
  })
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../tests/bootstrap.js')
    processCLIArgs(process.argv.splice(2))
    configure({
      ...app.rcFile.tests,
      ...config,
      ...{
        setup: runnerHooks.setup,
        teardown: runnerHooks.teardown.concat([() => app.terminate()]),
      },
    })
  })
  .run(() => run())
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
