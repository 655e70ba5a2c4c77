/**
 * The app as it runs in production, in a process of its own (bin/server.ts), reaching the
 * test database through a TCP proxy that a test can cut and restore: the database "goes
 * away" for that process only, while the rest of the suite keeps its connections.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection, createServer, type Socket } from 'node:net'
import { databaseSettings } from '#services/database_settings'

/** A TCP proxy in front of the test database. `down()` cuts every connection and refuses new ones. */
export async function databaseProxy() {
  const target = databaseSettings().connection
  const sockets = new Set<Socket>()
  let available = true
  const server = createServer((client) => {
    if (!available) return client.destroy()
    const upstream = createConnection({
      host: target.host ?? '127.0.0.1',
      port: target.port ?? 5432,
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    port,
    down() {
      available = false
      for (const socket of sockets) socket.destroy()
    },
    up() {
      available = true
    },
    async close() {
      this.down()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** A TCP port nobody listens on right now (the system picks it). */
export async function freePort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** `node bin/server.ts` with database sessions, on a free port, its database through `databasePort`. */
export async function startAppProcess(options: { databasePort: number }) {
  const port = await freePort()
  const connection = databaseSettings().connection
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    SESSION_DRIVER: 'database',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    DB_HOST: '127.0.0.1',
    DB_PORT: String(options.databasePort),
    DB_USER: connection.user,
    DB_PASSWORD: connection.password,
    DB_DATABASE: connection.database,
  }
  delete env.DATABASE_URL
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import=@poppinss/ts-exec', 'bin/server.ts'],
    {
      cwd: new URL('../../', import.meta.url).pathname,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  )
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (true) {
    if (child.exitCode !== null)
      throw new Error(`the app process ended (${child.exitCode}):\n${output}`)
    const ready = await fetch(`${url}/logga-in`).then(
      (response) => response.ok,
      () => false
    )
    if (ready) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the app process did not answer within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return
      const ended = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await ended
      clearTimeout(timer)
    },
  }
}

/** A browser's cookies for one site, enough to log in and follow a session. */
export function cookieJar(base: string) {
  const cookies = new Map<string, string>()
  async function request(path: string, init: RequestInit = {}) {
    const response = await fetch(`${base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const index = pair.indexOf('=')
      cookies.set(pair.slice(0, index), pair.slice(index + 1))
    }
    return response
  }
  return {
    request,
    /** Logs in through the login form, as a browser would. */
    async logIn(email: string, password: string) {
      const page = await (await request('/logga-in')).text()
      const token = /name='_csrf' value='([^']+)'/.exec(page)?.[1]
      if (!token) throw new Error('no CSRF token on the login page')
      const response = await request('/logga-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password, _csrf: token }).toString(),
      })
      if (response.headers.get('location') !== '/oversikt')
        throw new Error(`login failed: ${response.status} ${response.headers.get('location')}`)
    },
  }
}
