/*
|--------------------------------------------------------------------------
| `npm start`
|--------------------------------------------------------------------------
|
| 1. writes .env on first run (with a generated APP_KEY),
| 2. starts the embedded PostgreSQL unless DATABASE_URL / DB_HOST is set,
| 3. runs the migrations and, on first start, loads the demo data,
| 4. serves the app (PORT, default 3333) until Ctrl-C or SIGTERM; a server that crashes is
|    started again after a back-off, with a line in the log (app/services/supervisor.ts),
| 5. then stops the server and the database it started — nothing is left running.
|
| In production a service manager does step 4's restarting (docs/operations.md).
*/
import { spawn } from 'node:child_process'
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'
import { Supervisor } from '../app/services/supervisor.js'

const appRoot = new URL('../', import.meta.url).pathname
const envFile = ensureEnvFile(appRoot)
if (envFile === 'created') console.log('Skapade .env med en ny APP_KEY.')
if (envFile === 'key') console.log('Gav .env en ny APP_KEY (den saknades).')
loadEnvFile(appRoot)

const database = await ensureDatabaseServer(appRoot)
process.on('exit', () => database.stopSync())

let current: ReturnType<typeof spawn> | undefined
let server: Supervisor | undefined
let stopping = false
function stop(signal: NodeJS.Signals) {
  if (stopping) return
  stopping = true
  const childSignal = signal === 'SIGINT' ? 'SIGTERM' : signal
  if (server) server.stop(childSignal)
  else if (current && current.exitCode === null) current.kill(childSignal)
  else void database.stop().then(() => process.exit(130))
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
// npm runs this under `sh -c`, which does not pass SIGTERM on: when whoever started us is
// gone, stop as if told to, so nothing is left running.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM')
}, 1000).unref()

function node(args: string[]) {
  return new Promise<number>((resolve) => {
    current = spawn(process.execPath, args, { cwd: appRoot, stdio: 'inherit' })
    current.on('close', (code) => resolve(code ?? 1))
  })
}

async function main() {
  if ((await node(['ace.js', 'migration:run', '--force'])) !== 0) return 1
  if (stopping) return 130
  if ((await node(['ace.js', 'demo:load', '--if-empty'])) !== 0) return 1
  if (stopping) return 130
  console.log(`Växelnavet startar på http://localhost:${process.env.PORT || 3333}`)
  const serverArgs = ['--import=@poppinss/ts-exec', 'bin/server.ts']
  server = new Supervisor(() =>
    spawn(process.execPath, serverArgs, { cwd: appRoot, stdio: 'inherit' })
  )
  return server.run()
}

const code = await main()
await database.stop()
process.exit(code)
