/**
 * Keeps the server process running for `npm start` (bin/start.ts): a server that crashes
 * is started again after a back-off, with a log line, so a demo survives a crash. It is the
 * rule of systemd's `Restart=on-failure` (docs/operations.md, for production):
 * - a non-zero exit code or a fatal signal (SIGKILL, SIGSEGV, SIGABRT …) is a crash;
 * - exit code 0 or a stop signal (SIGTERM, SIGINT, SIGHUP) is a clean end, never restarted;
 * - once `stop()` is called (Ctrl-C, SIGTERM), nothing is restarted either.
 * The wait starts at `initialDelayMs` and doubles up to `maxDelayMs`; a run that lasted
 * `resetAfterMs` counts as healthy and the next crash waits `initialDelayMs` again.
 *
 * No AdonisJS imports: the launcher uses it before (and around) the application.
 */
import type { ChildProcess } from 'node:child_process'

export interface SupervisorOptions {
  initialDelayMs?: number
  maxDelayMs?: number
  resetAfterMs?: number
  log?: (line: string) => void
}

export interface RunOutcome {
  code: number | null
  signal: NodeJS.Signals | null
}

const CLEAN_SIGNALS = new Set<NodeJS.Signals>(['SIGTERM', 'SIGINT', 'SIGHUP'])

/** Did the process end by a crash (to be restarted) rather than cleanly? */
export function isCrash({ code, signal }: RunOutcome) {
  if (signal) return !CLEAN_SIGNALS.has(signal)
  return code !== 0
}

export class Supervisor {
  #stopping = false
  #child: ChildProcess | undefined
  #wake: (() => void) | undefined
  #starts = 0
  #options: Required<SupervisorOptions>

  constructor(
    private start: () => ChildProcess,
    options: SupervisorOptions = {}
  ) {
    this.#options = {
      initialDelayMs: options.initialDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      resetAfterMs: options.resetAfterMs ?? 60_000,
      log: options.log ?? ((line) => console.error(line)),
    }
  }

  /** How many times the process has been started. */
  get starts() {
    return this.#starts
  }

  /** Runs the process until it ends cleanly or `stop()` is called; resolves with its last exit code. */
  async run(): Promise<number> {
    let delay = this.#options.initialDelayMs
    while (true) {
      const startedAt = Date.now()
      const outcome = await this.#runOnce()
      const code = outcome.code ?? 1
      if (this.#stopping || !isCrash(outcome)) return code
      if (Date.now() - startedAt >= this.#options.resetAfterMs) delay = this.#options.initialDelayMs
      const how = outcome.signal ? `signal ${outcome.signal}` : `kod ${outcome.code}`
      this.#options.log(
        `${new Date().toISOString()} Servern avslutades oväntat (${how}); startar om om ${formatDelay(delay)} ` +
          `(omstart ${this.#starts}).`
      )
      await this.#sleep(delay)
      if (this.#stopping) return code
      delay = Math.min(delay * 2, this.#options.maxDelayMs)
    }
  }

  /** Stop: the running process gets `signal` and is not started again. */
  stop(signal: NodeJS.Signals = 'SIGTERM') {
    this.#stopping = true
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null)
      this.#child.kill(signal)
    this.#wake?.()
  }

  get stopping() {
    return this.#stopping
  }

  #runOnce() {
    return new Promise<RunOutcome>((resolve) => {
      this.#starts++
      const child = this.start()
      this.#child = child
      child.once('error', () => resolve({ code: 1, signal: null }))
      child.once('close', (code, signal) => resolve({ code, signal }))
    })
  }

  #sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.#wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}

function formatDelay(ms: number) {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`
}
