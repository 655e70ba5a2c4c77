/*
|--------------------------------------------------------------------------
| HTTP server entry point
|--------------------------------------------------------------------------
|
| Run by `npm start` (through bin/start.ts) or directly. Makes sure the database server
| is reachable first (see app/services/embedded_database.ts).
*/
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'

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
ensureEnvFile(appRoot)
loadEnvFile(appRoot)
const database = await ensureDatabaseServer(appRoot)
process.on('exit', () => database.stopSync())

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    // finish requests and the current job (at most SHUTDOWN_TIMEOUT_SECONDS), then stop
    const shutDown = (signal: string) => import('#services/shutdown').then((shutdown) => shutdown.shutDown(app, signal))
    app.listen('SIGTERM', () => shutDown('SIGTERM'))
    app.listen('SIGINT', () => shutDown('SIGINT'))
  })
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
