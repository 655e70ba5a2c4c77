/**
 * `npm start` (bin/start.ts) starts the web server at once, beside the migrations and the
 * demo's loading, so that the server's boot (loading the app's code, ~3–6 s) runs on the
 * other core instead of after them. Such a server is started with START_GATE=ipc and an IPC
 * channel, and waits here — before it takes any job or opens its port (start/worker.ts) —
 * until start.ts sends `open`: the migrations have run and the demo is complete. So the first
 * page a newcomer gets shows the whole demo, and nothing reads a table that is not there yet.
 *
 * If start.ts goes away or closes the channel before that (Ctrl-C, a failed demo), the server
 * ends without serving. A server started any other way (production, tests, a restart after a
 * crash) does not wait.
 *
 * No AdonisJS imports: bin/start.ts shares the names below.
 */
export const START_GATE_ENV = 'START_GATE'
export const START_GATE_OPEN = 'open'
/** what the server sends when it has booted and waits */
export const START_GATE_WAITING = 'waiting'
/** what `demo:load --migrate` sends start.ts when the tables are there (START_GATE=prepare) */
export const START_GATE_MIGRATED = 'migrated'

/**
 * `demo:load --migrate` under npm start: the migrations have run, start.ts may boot the web
 * server now. It is not booted earlier: on a busy machine it would take the CPU the
 * migrations need, and the demo that follows waits on PostgreSQL more than on Node.
 */
export function tellStartMigrated(env: NodeJS.ProcessEnv = process.env) {
  if (env[START_GATE_ENV] !== 'prepare' || !process.send || !process.connected) return
  process.send(START_GATE_MIGRATED)
  // the channel must not keep the command alive when it is done
  process.channel?.unref()
}

/** Does this process wait for `open`? */
export function startGateClosed(env: NodeJS.ProcessEnv = process.env) {
  return env[START_GATE_ENV] === 'ipc' && typeof process.send === 'function' && process.connected
}

/** Resolve once start.ts says `open` (at once when this process is not gated). */
export function passStartGate(): Promise<void> {
  if (!startGateClosed()) return Promise.resolve()
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (message !== START_GATE_OPEN) return
      process.off('message', onMessage)
      process.off('disconnect', onDisconnect)
      // the channel stays open (AdonisJS tells the parent when the server listens) but no
      // longer keeps the process alive after a graceful shutdown
      process.channel?.unref()
      resolve()
    }
    const onDisconnect = () => process.exit(0)
    process.on('message', onMessage)
    process.once('disconnect', onDisconnect)
    process.send!(START_GATE_WAITING)
  })
}
