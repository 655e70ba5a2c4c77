/*
|--------------------------------------------------------------------------
| HTTP server entry point
|--------------------------------------------------------------------------
|
| Run by `npm start` (through bin/start.ts, from the TypeScript source: the demo), or
| from the production build (`cd build && node bin/server.js`). The source makes sure a
| database server is reachable (the embedded one when none is configured); the build
| refuses to start unless it is configured for production (app/services/production_guard.ts).
*/
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'
import {
  isCompiled,
  productionProblems,
  refuseToStartWith,
} from '../app/services/production_guard.js'

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
if (production) refuseToStartWith(productionProblems(process.env, { needsDatabase: true }))
const database = await ensureDatabaseServer(appRoot)
process.on('exit', () => database.stopSync())

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    // finish requests and the current job (at most SHUTDOWN_TIMEOUT_SECONDS), then stop
    const shutDown = (signal: string) =>
      import('#services/shutdown').then((shutdown) => shutdown.shutDown(app, signal))
    app.listen('SIGTERM', () => shutDown('SIGTERM'))
    app.listen('SIGINT', () => shutDown('SIGINT'))
  })
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
