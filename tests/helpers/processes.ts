/** Child processes for tests that run the app as it runs in production: a free port, a server to wait for. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createServer } from 'node:net'

export async function freePort() {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * The environment of an app process started by a test: development mode on its own database
 * URL, port and storage folder, no drop folder, sessions in PostgreSQL, quiet logs.
 */
export function appProcessEnv(options: { databaseUrl: string; port: number; storage: string }) {
  return {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    STORAGE_PATH: options.storage,
    DROP_FOLDER: 'none',
    LOG_LEVEL: 'warn',
    SESSION_DRIVER: 'database',
  } as NodeJS.ProcessEnv
}

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams
  output: () => string
  exited: Promise<number | null>
}

/** Start `node …args` in `cwd` with `env`, collecting stdout and stderr. */
export function startNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv }
): RunningProcess {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** Wait until `url` answers (any status), or fail with what the process printed. */
export async function waitForHttp(url: string, running: RunningProcess, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null)
      throw new Error(`the process ended (${running.child.exitCode}):\n${running.output()}`)
    try {
      return await fetch(url)
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${running.output()}`)
}
