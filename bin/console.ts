/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
|
| Boots the ace command-line framework. Before that it makes sure the database server
| is reachable: an external one (DATABASE_URL / DB_HOST) is used as is; otherwise the
| embedded PostgreSQL is joined when `npm start` runs it, or started for the duration of
| this command and stopped afterwards.
|
| In the production build (no root ace.js of ours there: the build writes its own), this
| file re-runs itself once with the heap settings that the development ace.js gives every
| command, so a command of the build keeps the same memory limits (a million-row call import
| under 300 MB, BENCHMARKS.md).
*/
import { spawnSync } from 'node:child_process'
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'
import {
  isCompiled,
  productionProblems,
  refuseToStartWith,
} from '../app/services/production_guard.js'
import {
  argumentErrorHandler,
  failAsJson,
  failUncaughtAsJson,
  jsonErrorHandler,
} from '../app/services/command_failure.js'

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
// the same flags as ace.js's HEAP_FLAGS (which applies them before the TypeScript loader)
const HEAP_FLAGS = ['--max-semi-space-size=16', '--max-old-space-size=128']
if (production && !process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size'))) {
  const result = spawnSync(process.execPath, [...HEAP_FLAGS, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, VAXELNAVET_PARENT_PID: String(process.pid) },
  })
  process.exit(result.status ?? 1)
}
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

// npm start talks to `demo:load` over an IPC channel (app/services/start_gate.ts): the channel
// never keeps a command alive once it is done, whether it succeeded or not
process.channel?.unref()

const argv = process.argv.splice(2)
// `--json`: stdout carries exactly one JSON document, so the app logger stays quiet, and
// every failure is FORMATS.md's error JSON there (app/services/command_failure.ts)
const json = argv.includes('--json')
if (json) {
  process.env.LOG_LEVEL = 'silent'
  failUncaughtAsJson()
}
const needsDatabase =
  argv.length > 0 && !/^(list|help|make:|generate:key|env:|codegen|build|--help|-h)/.test(argv[0])
if (production && needsDatabase)
  refuseToStartWith(productionProblems(process.env, { needsDatabase }), { json })
let database: Awaited<ReturnType<typeof ensureDatabaseServer>> | undefined
try {
  database = needsDatabase ? await ensureDatabaseServer(appRoot) : undefined
} catch (error) {
  if (!json) throw error
  await failAsJson(error)
  process.exit(1)
}
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
  .configure(async (app) => {
    const ace = await app.container.make('ace')
    ace.errorHandler = json
      ? (jsonErrorHandler as never)
      : (argumentErrorHandler(ace.errorHandler as never) as never)
  })
  .handle(argv)
  .catch(async (error) => {
    process.exitCode = 1
    if (json) await failAsJson(error)
    else prettyPrintError(error)
  })
await database?.stop()
