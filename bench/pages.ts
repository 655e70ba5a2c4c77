/**
 * Benchmark: 50 signed-in users at once on each page that many people open, over loopback
 * against the real server (NODE_ENV=production, so templates are cached as in production),
 * each page against the floor of the same run (issue 18): a bare route that answers a fixed
 * string through the same middleware as every page (session, shield, auth, view state),
 * which the server registers only because this script sets BENCH_BARE_ROUTE.
 *
 *   npm run bench:pages -- [SECONDS=10] [RUNS=5] [USERS=50] [PAGES]
 *
 * PAGES (optional) drives only the pages whose name contains one of its comma-separated
 * words (case-insensitive), e.g. `fördelning,start,min organisation`; the bare route is
 * always driven first, so every ratio still has its floor from the same run.
 * BENCH_PORT (default 3390) is the server's port, so two clones can run it at once.
 *
 * Data: 400 organisations with 60 000 extensions and an allocation of October 2026, a month
 * of 100 000 calls imported through `import:calls`, 1 000 forum threads with 20 posts each;
 * USERS telephony contacts, coordinators and controllers (passwords hashed as in real
 * life), each logged in through the login form. Pages: the forum list, a random thread
 * page, the coordinator's and the controller's start pages, Samtal & kvalitet, the
 * allocation page of the 400 organisations, a contact's Min organisation. Each run drives
 * every page for SECONDS with wrk (USERS connections, one session each, no pause), the
 * bare route first. Any answer other than 200 counts as an error. Printed per page: the
 * median of the runs of requests/s, p50, p95, p99, the errors of all runs, and the median
 * of each run's p99 divided by the bare route's p99 in that run (target ≤ 2 ×).
 *
 * BENCH_PROFILE=1 writes the server's CPU profile to tmp/profile.
 */
import { spawn, spawnSync } from 'node:child_process'
import { openSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import http from 'node:http'
import pg from 'pg'
import { benchDatabase, bootApp, root, useBenchDatabase } from './bench_database.js'
import { generateCalls } from '../database/demo/generate_calls.js'

const seconds = Number(process.argv[2] ?? 10)
const runs = Number(process.argv[3] ?? 5)
const users = Number(process.argv[4] ?? 50)
const only = (process.argv[5] ?? '')
  .split(',')
  .map((word) => word.trim().toLowerCase())
  .filter(Boolean)
const threads = 1000
const postsPerThread = 20
const organisationCount = 400
const calls = 100_000
const period = '2026-10'
const port = Number(process.env.BENCH_PORT ?? 3390)
const password = 'bench-lösenord-123'
const BARE_PATH = '/bench/bar-vag'

const database = await benchDatabase()
useBenchDatabase(database)
await database.fresh()

const setupStarted = performance.now()
const client = new pg.Client({ connectionString: database.url })
await client.connect()
// the register and the month's inputs of the month-end benchmark (bench/month_end.ts)
await client.query(`
  INSERT INTO organisations (code, name, kind, cost_centre, invoice_reference, active_from, created_at, updated_at)
  SELECT 'ORG-' || lpad(i::text, 3, '0'), 'Förvaltning ' || i, CASE WHEN i % 4 = 0 THEN 'bolag' ELSE 'forvaltning' END,
         (10000 + i)::text, 'Telefoni ' || i, '2009-01-01', now(), now()
    FROM generate_series(1, ${organisationCount}) i`)
await client.query(`
  INSERT INTO extensions (number, organisation_id, name, valid_from)
  SELECT '08508' || lpad(n::text, 6, '0'), (SELECT id FROM organisations ORDER BY id OFFSET (n % ${organisationCount}) LIMIT 1), 'Linje ' || n, '2025-01-01'
    FROM generate_series(1, 60000) n`)
await client.query(
  `INSERT INTO headcounts (organisation_id, month, employees) SELECT id, '2025-10', 50 + (id * 37) % 3000 FROM organisations`
)
await client.query(
  `INSERT INTO supplier_invoices (invoice_number, invoice_date, period, net_ore, content_hash) VALUES ('LF-B', '2026-11-05', '${period}', 41143750, 'x')`
)
await client.query(
  `INSERT INTO cost_entries (period, cost_pool_id, amount_ore, text, line_number) SELECT '${period}', id, 6375050, 'E-tjänst', 2 FROM cost_pools WHERE code = 'ETJANST'`
)

// the month's calls through the real import (its aggregates are what the pages read)
await mkdir(join(root, 'tmp', 'bench'), { recursive: true })
const callFile = join(root, 'tmp', 'bench', 'pages-calls.csv')
await generateCalls(callFile, calls, {
  month: period,
  extensions: Array.from({ length: 5000 }, (_, i) => `08508${String(i * 12 + 1).padStart(6, '0')}`),
})
const imported = spawnSync(process.execPath, ['ace.js', 'import:calls', callFile, '--json'], {
  cwd: root,
  env: database.env,
  encoding: 'utf8',
})
if (imported.status !== 0) throw new Error(`import:calls: ${imported.stdout}${imported.stderr}`)

// users through the model, so their passwords are hashed as in real life; the allocation
// through its action
const app = await bootApp()
const { default: User } = await import('#models/user')
const { runAllocation } = await import('#actions/month_end/run_allocation')
const { rows: organisations } = await client.query('SELECT id FROM organisations ORDER BY id')
const emails: Record<'telefoniansvarig' | 'samordnare' | 'controller', string[]> = {
  telefoniansvarig: [],
  samordnare: [],
  controller: [],
}
for (const role of Object.keys(emails) as (keyof typeof emails)[]) {
  for (let index = 0; index < users; index++) {
    const email = `${role}${index + 1}@bench.example`
    await User.create({
      email,
      fullName: `${role} ${index + 1}`,
      password,
      role,
      organisationId: role === 'telefoniansvarig' ? organisations[index].id : null,
      isActive: true,
      mustChangePassword: false,
      locale: 'sv',
    })
    emails[role].push(email)
  }
}
const allocation = await runAllocation(period, null)
if (!allocation.ok) throw new Error(`fördelningen: ${JSON.stringify(allocation)}`)
await app.terminate()

await client.query(
  `
  INSERT INTO forum_threads (category_id, title, author_id, last_post_at)
  SELECT 1 + g % 3, 'Fråga nummer ' || g || ' om vidarekoppling och hänvisning',
         (SELECT min(id) FROM users WHERE role = 'telefoniansvarig') + g % $2, now() - g * interval '1 hour'
    FROM generate_series(1, $1) g`,
  [threads, users]
)
await client.query(
  `
  INSERT INTO forum_posts (thread_id, author_id, body, created_at)
  SELECT t.id, (SELECT min(id) FROM users WHERE role = 'telefoniansvarig') + (t.id + p) % $2,
         '**Inlägg ' || p || '.** Vi kopplar om till svarsgruppen vid frånvaro och meddelar samordnaren.' || E'\\n\\n' ||
         '- uppdatera kalendern' || E'\\n' || '- ändra hänvisningen i växeln' || E'\\n\\n' || 'Se [rutinen](/rutiner/1).',
         t.last_post_at - (($1 - p) || ' minutes')::interval
    FROM forum_threads t, generate_series(1, $1) p`,
  [postsPerThread, users]
)
await client.query('VACUUM ANALYZE')
const { rows: threadRows } = await client.query('SELECT id FROM forum_threads')
const threadIds = threadRows.map((row) => Number(row.id))
await client.end()
console.log(
  `Data: ${organisationCount} organisationer, 60 000 anknytningar, fördelning ${period}, ${calls.toLocaleString('sv-SE')} samtal, ${threads} trådar med ${postsPerThread} inlägg, ${users} användare per roll (${((performance.now() - setupStarted) / 1000).toFixed(1)} s)`
)

const serverLog = join(root, 'tmp', 'bench-pages-server.log')
console.log(`Serverns logg: ${serverLog}`)
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
      BENCH_BARE_ROUTE: 'true',
    },
    // the server's log (a 500's stack under load) goes to a file, not between the figures
    stdio: ['ignore', openSync(serverLog, 'w'), 'inherit'],
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

const contacts = await Promise.all(emails.telefoniansvarig.map(logIn))
const coordinators = await Promise.all(emails.samordnare.map(logIn))
const controllers = await Promise.all(emails.controller.map(logIn))

interface Page {
  name: string
  paths: string[]
  sessions: string[]
  /** a text the page shows, so a wrong page (a login form, an empty state) is caught */
  shows: string
}
const allPages: Page[] = [
  { name: 'bar route (golvet)', paths: [BARE_PATH], sessions: contacts, shows: 'ok' },
  { name: 'forumlistan', paths: ['/forum'], sessions: contacts, shows: 'Fråga nummer' },
  {
    name: 'trådsida',
    paths: threadIds.map((id) => `/forum/${id}`),
    sessions: contacts,
    shows: 'Inlägg 20.',
  },
  { name: 'samordnarens start', paths: ['/oversikt'], sessions: coordinators, shows: '<h1' },
  { name: 'controllerns start', paths: ['/oversikt'], sessions: controllers, shows: '<h1' },
  { name: 'Samtal & kvalitet', paths: ['/samtal'], sessions: coordinators, shows: '<svg' },
  {
    name: `fördelning ${organisationCount} org.`,
    paths: [`/kostnadsfordelning/${period}`],
    sessions: coordinators,
    shows: `ORG-${organisationCount}`,
  },
  { name: 'Min organisation', paths: ['/oversikt'], sessions: contacts, shows: 'Min organisation' },
]
const pages = allPages.filter(
  (page, index) =>
    index === 0 || only.length === 0 || only.some((word) => page.name.toLowerCase().includes(word))
)
if (pages.length === 1) throw new Error(`Ingen sida heter något av: ${only.join(', ')}`)

// each page alone first (one user: what it costs without a queue), then once per session
// (warm-up, and proof that it is the page and not a redirect)
for (const page of pages) {
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    await request('GET', page.paths[i % page.paths.length], {
      cookie: page.sessions[i % page.sessions.length],
    })
    times.push(performance.now() - started)
  }
  console.log(`  ${page.name}, en användare: ${Math.min(...times).toFixed(1)} ms (bästa av 5)`)
}
for (const page of pages) {
  const answers = await Promise.all(
    page.sessions.map((cookie, index) =>
      request('GET', page.paths[index % page.paths.length], { cookie })
    )
  )
  for (const answer of answers) {
    if (answer.status !== 200 || !answer.text.includes(page.shows))
      throw new Error(`${page.name}: ${answer.status} ${answer.text.slice(0, 300)}`)
  }
}

// The load comes from wrk (C, one thread) rather than from this Node process, so the
// generator takes as little as possible of the two cores the server and PostgreSQL share.
// Each of the `users` connections sends its page with a session of its own; any answer
// other than 200 (a redirect to the login page included) counts as an error.
async function drive(page: Page, index: number) {
  const script = join(root, 'tmp', `bench-pages-${index}.lua`)
  await writeFile(
    script,
    `local sessions = {${page.sessions.map((cookie) => JSON.stringify(cookie)).join(',')}}
local paths = {${page.paths.map((path) => JSON.stringify(path)).join(',')}}
local counter = 0
non200 = 0
local all = {}
setup = function(thread) table.insert(all, thread) end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[math.random(#paths)], { Cookie = sessions[(counter % #sessions) + 1] })
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
      `-c${page.sessions.length}`,
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
  // a page that answered nothing within the run has no latency to show: it failed
  if (requests === 0) return { perSecond: 0, p50: Infinity, p95: Infinity, p99: Infinity, errors }
  return { perSecond: requests / duration, p50, p95, p99, errors }
}

type Figures = Awaited<ReturnType<typeof drive>> & { ratio: number }
const measured: Figures[][] = pages.map(() => [])
for (let run = 1; run <= runs; run++) {
  let floor = 0
  const line: string[] = []
  for (const [index, page] of pages.entries()) {
    const figures = await drive(page, index)
    if (index === 0) floor = figures.p99
    measured[index].push({ ...figures, ratio: figures.p99 / floor })
    line.push(
      `${page.name} p99 ${figures.p99.toFixed(0)} ms (${(figures.p99 / floor).toFixed(2)} ×)`
    )
  }
  console.log(`körning ${run}: ${line.join(', ')}`)
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const cell = (text: string, width: number) => ` ${text.padStart(width - 1)}`
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—')
console.log(
  `\n${users} samtidiga inloggade användare per sida, ${seconds} s per sida och körning, median av ${runs} körningar (wrk):`
)
console.log(
  `${'sida'.padEnd(24)}${cell('anrop/s', 9)}${cell('p50 ms', 9)}${cell('p95 ms', 9)}${cell('p99 ms', 9)}${cell('fel', 6)}  p99 / bar route (min–max)`
)
for (const [index, page] of pages.entries()) {
  const figures = measured[index]
  const ratios = figures.map((f) => f.ratio)
  console.log(
    `${page.name.padEnd(24)}${cell(median(figures.map((f) => f.perSecond)).toFixed(0), 9)}${cell(ms(median(figures.map((f) => f.p50))), 9)}${cell(ms(median(figures.map((f) => f.p95))), 9)}${cell(ms(median(figures.map((f) => f.p99))), 9)}${cell(String(figures.reduce((sum, f) => sum + f.errors, 0)), 6)}  ${ms(median(ratios))} × (${ms(Math.min(...ratios))}–${ms(Math.max(...ratios))})`
  )
}
console.log('(mål: p99 ≤ 2 × bar route i samma körning, 0 fel)')

agent.destroy()
server.kill('SIGTERM')
await new Promise((resolve) => server.once('exit', resolve))
await database.stop()
