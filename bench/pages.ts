/**
 * Benchmark: 50 signed-in users at once on the forum list and thread pages, over loopback
 * against the real server (NODE_ENV=production, so templates are cached as in production).
 *
 *   npm run bench:pages -- [SECONDS=20] [USERS=50] [THREADS=1000] [POSTS_PER_THREAD=20]
 *
 * Every user has a session of their own (logged in through the login form). Each user
 * loops: the forum list, then a random thread page, as fast as the server answers. The
 * script prints requests per second, p50/p95/p99 latency and the number of errors.
 */
import { spawn, spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import http from 'node:http'
import pg from 'pg'
import { benchDatabase, bootApp, root, useBenchDatabase } from './bench_database.js'

const seconds = Number(process.argv[2] ?? 20)
const users = Number(process.argv[3] ?? 50)
const threads = Number(process.argv[4] ?? 1000)
const postsPerThread = Number(process.argv[5] ?? 20)
const port = 3390
const password = 'bench-lösenord-123'

const database = await benchDatabase()
useBenchDatabase(database)
await database.fresh()

// users through the model, so their passwords are hashed as in real life
const app = await bootApp()
const { default: User } = await import('#models/user')
const client = new pg.Client({ connectionString: database.url })
await client.connect()
await client.query(
  `
  INSERT INTO organisations (code, name, kind, cost_centre, invoice_reference, active_from, created_at, updated_at)
  SELECT 'ORG-' || g, 'Förvaltning ' || g, 'forvaltning', '1' || lpad(g::text, 4, '0'), 'Telefoni ' || g, '2020-01-01', now(), now()
    FROM generate_series(1, $1) g`,
  [users]
)
const { rows: organisations } = await client.query('SELECT id FROM organisations ORDER BY id')
const emails: string[] = []
for (const [index, organisation] of organisations.entries()) {
  const email = `kontakt${index + 1}@bench.example`
  await User.create({
    email,
    fullName: `Kontakt ${index + 1}`,
    password,
    role: 'telefoniansvarig',
    organisationId: organisation.id,
    isActive: true,
    mustChangePassword: false,
    locale: 'sv',
  })
  emails.push(email)
}
await app.terminate()

const started = performance.now()
await client.query(
  `
  INSERT INTO forum_threads (category_id, title, author_id, last_post_at)
  SELECT 1 + g % 3, 'Fråga nummer ' || g || ' om vidarekoppling och hänvisning', (SELECT min(id) FROM users) + g % $2,
         now() - g * interval '1 hour'
    FROM generate_series(1, $1) g`,
  [threads, users]
)
await client.query(
  `
  INSERT INTO forum_posts (thread_id, author_id, body, created_at)
  SELECT t.id, (SELECT min(id) FROM users) + (t.id + p) % $2,
         '**Inlägg ' || p || '.** Vi kopplar om till svarsgruppen vid frånvaro och meddelar samordnaren.' || E'\n\n' ||
         '- uppdatera kalendern' || E'\n' || '- ändra hänvisningen i växeln' || E'\n\n' || 'Se [rutinen](/rutiner/1).',
         t.last_post_at - (($1 - p) || ' minutes')::interval
    FROM forum_threads t, generate_series(1, $1) p`,
  [postsPerThread, users]
)
await client.query('VACUUM ANALYZE forum_threads, forum_posts')
console.log(
  `Data: ${users} användare, ${threads} trådar, ${(threads * postsPerThread).toLocaleString('sv-SE')} inlägg (${((performance.now() - started) / 1000).toFixed(1)} s)`
)
const { rows: threadRows } = await client.query('SELECT id FROM forum_threads')
const threadIds = threadRows.map((row) => Number(row.id))
await client.end()

const server = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=tmp/profile'] : []),
    '--import=@poppinss/ts-exec',
    'bin/server.ts',
  ],
  {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SESSION_DRIVER: 'database',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  }
)
// never leave the server (and with it the database) running when the benchmark fails
process.on('exit', () => server.kill('SIGTERM'))
process.on('uncaughtException', (error) => {
  console.error(error)
  process.exit(1)
})
const agent = new http.Agent({ keepAlive: true, maxSockets: users })

function request(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
    (resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          })
        )
      })
      req.on('error', reject)
      req.end(body)
    }
  )
}

for (let attempt = 0; ; attempt++) {
  try {
    await request('GET', '/logga-in')
    break
  } catch {
    if (attempt > 100) throw new Error('Servern startade inte')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const cookieHeader = (setCookie: string[] | undefined, jar: Map<string, string>) => {
  for (const cookie of setCookie ?? []) {
    const [pair] = cookie.split(';')
    const [name, ...value] = pair.split('=')
    jar.set(name, value.join('='))
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

async function logIn(email: string) {
  const jar = new Map<string, string>()
  const form = await request('GET', '/logga-in')
  const token = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(form.text)![1]
  const body = new URLSearchParams({ _csrf: token, email, password }).toString()
  const cookie = cookieHeader(form.headers['set-cookie'], jar)
  const login = await request(
    'POST',
    '/logga-in',
    {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      cookie,
    },
    body
  )
  if (login.headers.location !== '/oversikt')
    throw new Error(`Inloggningen misslyckades för ${email}`)
  return cookieHeader(login.headers['set-cookie'], jar)
}

const sessions = await Promise.all(emails.map(logIn))
// a short warm-up, then the measured run
await Promise.all(sessions.map((cookie) => request('GET', '/forum', { cookie })))

// The load comes from wrk (C, one thread) rather than from this Node process, so the
// generator takes as little as possible of the two cores the server and PostgreSQL share.
// Each of the `users` connections alternates the forum list and a random thread page with
// a session of its own; any answer other than 200 (a redirect to the login page included)
// counts as an error.
const script = join(root, 'tmp', 'bench-pages.lua')
await writeFile(
  script,
  `local sessions = {${sessions.map((cookie) => JSON.stringify(cookie)).join(',')}}
local threads = {${threadIds.join(',')}}
local counter = 0
non200 = 0
local all = {}
setup = function(thread) table.insert(all, thread) end
request = function()
  counter = counter + 1
  local path = "/forum"
  if counter % 2 == 0 then path = "/forum/" .. threads[math.random(#threads)] end
  return wrk.format("GET", path, { Cookie = sessions[(counter % #sessions) + 1] })
end
response = function(status) if status ~= 200 then non200 = non200 + 1 end end
done = function(summary, latency)
  local bad = 0
  for _, thread in ipairs(all) do bad = bad + thread:get("non200") end
  local errors = summary.errors
  io.write(string.format("RESULT %d %f %f %f %f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    bad + errors.connect + errors.read + errors.write + errors.timeout))
end
`
)
const wrk = spawnSync(
  'wrk',
  [
    '-t1',
    `-c${users}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    `http://127.0.0.1:${port}`,
  ],
  { encoding: 'utf8' }
)
if (wrk.error)
  throw new Error(`wrk saknas (${wrk.error.message}); installera det med apt-get install wrk`)
const result = /RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)/.exec(wrk.stdout)
if (!result) throw new Error(`wrk gav inget resultat:\n${wrk.stdout}\n${wrk.stderr}`)
const [requests, duration, p50, p95, p99, errors] = result.slice(1).map(Number)
console.log(
  `\n${users} samtidiga användare i ${seconds} s (forumlistan och trådsidor med ${postsPerThread} inlägg, wrk):`
)
console.log(
  `  ${requests.toLocaleString('sv-SE')} anrop, ${(requests / duration).toFixed(0)} anrop/s, fel: ${errors}`
)
console.log(
  `  p50 ${p50.toFixed(1)} ms   p95 ${p95.toFixed(1)} ms   p99 ${p99.toFixed(1)} ms   (mål: p99 < 150 ms, 0 fel)`
)

agent.destroy()
server.kill('SIGTERM')
await new Promise((resolve) => server.once('exit', resolve))
await database.stop()
