/*
|--------------------------------------------------------------------------
| `npm start`
|--------------------------------------------------------------------------
|
| 1. writes .env on first run (with a generated APP_KEY),
| 2. starts the embedded PostgreSQL unless DATABASE_URL / DB_HOST is set,
| 3. runs the migrations and, on first start, loads the demo data — one process
|    (`demo:load --migrate --if-empty`); once the migrations have run, the web server boots
|    on the other core and waits, port closed, until the demo is done (app/services/start_gate.ts),
| 4. serves the app (PORT, default 3333) until Ctrl-C or SIGTERM; a server that crashes is
|    started again after a back-off, with a line in the log (app/services/supervisor.ts),
| 5. then stops the server and the database it started — nothing is left running.
|
| In production a service manager does step 4's restarting (docs/operations.md).
| docs/adr/0036-start-time.md: why it is done this way (a first start in < 15 s).
*/
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { ensureDatabaseServer } from '../app/services/embedded_database.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'
import { START_GATE_ENV, START_GATE_MIGRATED, START_GATE_OPEN } from '../app/services/start_gate.js'
import { Supervisor } from '../app/services/supervisor.js'

const appRoot = new URL('../', import.meta.url).pathname
const envFile = ensureEnvFile(appRoot)
if (envFile === 'created') console.log('Skapade .env med en ny APP_KEY.')
if (envFile === 'key') console.log('Gav .env en ny APP_KEY (den saknades).')
loadEnvFile(appRoot)

const database = await ensureDatabaseServer(appRoot)
process.on('exit', () => database.stopSync())

let current: ChildProcess | undefined
/** the web server booting beside the demo, until it is handed to the supervisor */
let held: ChildProcess | undefined
let server: Supervisor | undefined
/** the held server's ending, when Ctrl-C came before the demo was done: waited for before exit */
let released: Promise<unknown> = Promise.resolve()
let stopping = false
function stop(signal: NodeJS.Signals) {
  if (stopping) return
  stopping = true
  const childSignal = signal === 'SIGINT' ? 'SIGTERM' : signal
  if (server) return server.stop(childSignal)
  if (held) released = release(held, childSignal)
  if (current && current.exitCode === null) current.kill(childSignal)
  else void released.then(() => database.stop()).then(() => process.exit(130))
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
// npm runs this under `sh -c`, which does not pass SIGTERM on: when whoever started us is
// gone, stop as if told to, so nothing is left running.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM')
}, 1000).unref()

function node(args: string[], onMessage: (message: unknown) => void) {
  return new Promise<number>((resolve) => {
    // VAXELNAVET_PARENT_PID: the command ends if this process is killed (bin/console.ts)
    current = spawn(process.execPath, args, {
      cwd: appRoot,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        VAXELNAVET_PARENT_PID: String(process.pid),
        [START_GATE_ENV]: 'prepare',
      },
    })
    current.on('message', onMessage)
    current.on('close', (code) => resolve(code ?? 1))
  })
}

const SERVER_ARGS = ['--import=@poppinss/ts-exec', 'bin/server.ts']
// ace.js would start Node a second time to give these (its HEAP_FLAGS); given here, it does not
const ACE_ARGS = ['--max-semi-space-size=16', '--max-old-space-size=128', 'ace.js']

/** The web server; `gated`: it boots but serves nothing until it is sent START_GATE_OPEN. */
function spawnServer(gated: boolean) {
  return spawn(process.execPath, SERVER_ARGS, {
    cwd: appRoot,
    stdio: gated ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
    env: gated ? { ...process.env, [START_GATE_ENV]: 'ipc' } : process.env,
  })
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** A gated server that is not to serve: it ends (start_gate.ts) and is waited for. */
function release(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  held = undefined
  if (!running(child)) return Promise.resolve()
  const ended = once(child, 'exit')
  child.kill(signal)
  if (child.connected) child.disconnect()
  return ended
}

async function main() {
  // once the migrations have run, the web server boots beside the demo (gated)
  const prepared = await node([...ACE_ARGS, 'demo:load', '--migrate', '--if-empty'], (message) => {
    if (message === START_GATE_MIGRATED && !stopping && !held) held = spawnServer(true)
  })
  if (prepared !== 0 || stopping) {
    if (held) await release(held)
    await released
    return stopping ? 130 : 1
  }
  console.log(`Växelnavet startar på http://localhost:${process.env.PORT || 3333}`)
  server = new Supervisor(() => {
    // the first start is the server that booted meanwhile (unless it has ended: a new one)
    const child = held && running(held) && held.connected ? held : spawnServer(false)
    if (child === held) child.send(START_GATE_OPEN)
    else if (held) void release(held)
    held = undefined
    return child
  })
  return server.run()
}

const code = await main()
await database.stop()
process.exit(code)
