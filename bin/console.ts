/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
|
| Boots the ace command-line framework. Before that it makes sure the database server
| is reachable: an external one (DATABASE_URL / DB_HOST) is used as is; otherwise the
| embedded PostgreSQL is joined when `npm start` runs it, or started for the duration of
| this command and stopped afterwards.
*/
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'
import { isCompiled, productionProblems, refuseToStartWith } from '../app/services/production_guard.js'

await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const appRoot = new URL('../', import.meta.url).pathname
const production = isCompiled(import.meta.url)
if (!production) ensureEnvFile(appRoot)
loadEnvFile(appRoot)

// Started through ace.js's re-run: if that parent is killed (even with SIGKILL), stop too,
// so an import never carries on unseen; its transaction is then rolled back.
if (process.env.VAXELNAVET_PARENT_PID) {
  const parent = Number(process.env.VAXELNAVET_PARENT_PID)
  setInterval(() => {
    if (process.ppid !== parent) process.exit(137)
  }, 250).unref()
}

const argv = process.argv.splice(2)
// `--json`: stdout carries exactly one JSON document, so the app logger stays quiet
if (argv.includes('--json')) process.env.LOG_LEVEL = 'silent'
const needsDatabase = argv.length > 0 && !/^(list|help|make:|generate:key|env:|codegen|build|--help|-h)/.test(argv[0])
if (production && needsDatabase) refuseToStartWith(productionProblems(process.env, { needsDatabase }), { json: argv.includes('--json') })
const database = needsDatabase ? await ensureDatabaseServer(appRoot) : undefined
process.on('exit', () => database?.stopSync())
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130))
}

await new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
  })
  .ace()
  .handle(argv)
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
await database?.stop()
