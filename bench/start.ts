/**
 * Benchmark: `npm start` on a fresh clone (issue 18 point 5), and its floor in the same run.
 *
 *   npm run bench:start -- [RUNS=3] [SOURCE …]
 *
 * Each run, for each SOURCE (a git repository or clone; default this one; several are run
 * alternately so that the machine's speed of the moment is shared): `git clone` into
 * tmp/bench-start, node_modules linked, no .env, no database; `npm start`; timed until
 * `GET /logga-in` first answers 200. The demo must be complete by then: the bench reads
 * the time the demo was marked complete (app_state.demo_complete) and prints how long
 * before the first 200 that was — a negative figure would mean the page was served early.
 * Then Ctrl-C (SIGINT to the process group, as a terminal sends it), and the bench checks
 * that the database server the start left is stopped.
 *
 * The floor (bench/README.md): the embedded PostgreSQL's `initdb` + start in an empty
 * folder, plus `node bin/server.ts` answering `/logga-in` on the database the run just
 * migrated and filled (its PostgreSQL already running) — the steps a first start cannot skip.
 *
 * PORT (BENCH_PORT, default 3391) and EMBEDDED_PG_PORT (BENCH_PG_PORT, default 54391) are
 * given to the clone as environment variables, so the bench does not take the ports of
 * another checkout. Each output line of the start is time-stamped (BENCH_VERBOSE=1 prints
 * them all); the phases are read from the lines.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { loadavg } from 'node:os'
import pg from 'pg'
import { EmbeddedDatabase } from '../app/services/embedded_database.js'
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from '../app/services/database_settings.js'

const root = new URL('../', import.meta.url).pathname
const runs = Number(process.argv[2] ?? 3)
const sources = process.argv.slice(3).length > 0 ? process.argv.slice(3) : [root]
const port = Number(process.env.BENCH_PORT ?? 3391)
const pgPort = Number(process.env.BENCH_PG_PORT ?? 54391)
const verbose = process.env.BENCH_VERBOSE === '1'
const modules = realpathSync(join(root, 'node_modules'))
const workDir = join(root, 'tmp', 'bench-start')

/** The environment of a newcomer's shell: nothing of ours but the two ports. */
function cleanEnv() {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_URL|DB_|APP_|NODE_ENV|LOG_LEVEL|SESSION_|HOST$|TZ$|npm_)/.test(key))
      delete env[key]
  }
  return { ...env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

async function status(url: string) {
  try {
    const response = await fetch(url, { redirect: 'manual' })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 0
  }
}

/** Wait for the first 200 of /logga-in while `alive()`; the ms from `t0` or null. */
async function firstOk(t0: number, alive: () => boolean, timeoutMs = 180_000) {
  const url = `http://127.0.0.1:${port}/logga-in`
  while (performance.now() - t0 < timeoutMs && alive()) {
    const code = await status(url)
    if (code === 200) return performance.now() - t0
    if (code !== 0) console.log(`  /logga-in answered ${code} at ${ms(performance.now() - t0)}`)
    await sleep(25)
  }
  return null
}

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value / 1000).toFixed(2)} s`

async function removeClone(dir: string) {
  const data = join(dir, 'tmp', 'postgres')
  const link = await lstat(data).catch(() => null)
  if (link?.isSymbolicLink()) await rm(await readlink(data), { recursive: true, force: true })
  await rm(dir, { recursive: true, force: true })
}

async function demoCompletedAt() {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: pgPort,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    database: 'vaxelnavet',
  })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT extract(epoch FROM value::timestamptz) * 1000 AS at FROM app_state WHERE key = 'demo_complete'`
    )
    return rows[0] ? Number(rows[0].at) : null
  } finally {
    await client.end()
  }
}

/** Lines that mark the phases: the last line that matches (the wording of main and of later code). */
const PHASES: [string, RegExp][] = [
  ['migrations done', /❯ migrated|har migrerats/],
  ['demo loaded', /Demodata inläst|Demodata finns redan/],
  ['server listening', /started HTTP server/],
]

async function startRun(source: string, index: number) {
  await mkdir(workDir, { recursive: true })
  const dir = join(workDir, `clone-${process.pid}-${index}`)
  await removeClone(dir)
  const clone = spawnSync('git', ['clone', '-q', source, dir], { encoding: 'utf8' })
  if (clone.status !== 0) throw new Error(clone.stderr)
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' })
  await symlink(modules, join(dir, 'node_modules'))
  const load = loadavg()[0]

  const t0 = performance.now()
  const wall0 = Date.now()
  const child = spawn('npm', ['start'], { cwd: dir, env: cleanEnv(), detached: true })
  const lines: [number, string][] = []
  let pending = ''
  const collect = (chunk: Buffer) => {
    pending += chunk.toString()
    const parts = pending.split('\n')
    pending = parts.pop()!
    for (const line of parts) {
      const at = performance.now() - t0
      lines.push([at, line])
      if (verbose) console.log(`  ${ms(at).padStart(8)}  ${line}`)
    }
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const ok = await firstOk(t0, () => child.exitCode === null)
  const okWall = wall0 + (ok ?? 0)
  let demoLead: number | null = null
  if (ok !== null) {
    const completed = await demoCompletedAt().catch(() => null)
    demoLead = completed === null ? null : okWall - completed
  }

  // Ctrl-C: everything it started must stop
  const stopAt = performance.now()
  process.kill(-child.pid!, 'SIGINT')
  const code = await Promise.race([exited, sleep(60_000).then(() => 'timeout' as const)])
  const stopped = performance.now() - stopAt
  const leftRunning = existsSync(join(dir, 'tmp', 'postgres', 'data', 'postmaster.pid'))
  if (code === 'timeout') process.kill(-child.pid!, 'SIGKILL')

  const phases = PHASES.map(([name, pattern]) => {
    const line = lines.findLast(([, text]) => pattern.test(text))
    return [name, line ? line[0] : null] as const
  })
  if (ok === null) console.log(lines.map(([at, text]) => `  ${ms(at)}  ${text}`).join('\n'))
  return {
    dir,
    commit: commit.stdout.trim(),
    load,
    ok,
    demoLead,
    phases,
    stopped,
    code,
    leftRunning,
  }
}

/** initdb + start of an embedded PostgreSQL in an empty folder, then stopped. */
async function floorDatabase(index: number) {
  const dir = join(workDir, `floor-${process.pid}-${index}`)
  await removeClone(dir)
  await mkdir(dir, { recursive: true })
  const t0 = performance.now()
  const server = await new EmbeddedDatabase(dir, pgPort, () => {}).ensure('vaxelnavet')
  const took = performance.now() - t0
  await server.stop()
  await removeClone(dir)
  return took
}

/** `node bin/server.ts` answering /logga-in on the clone's migrated database (PostgreSQL up). */
async function floorServer(dir: string) {
  const database = await new EmbeddedDatabase(dir, pgPort, () => {}).ensure('vaxelnavet')
  try {
    const t0 = performance.now()
    const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: dir,
      env: cleanEnv(),
      stdio: verbose ? 'inherit' : 'ignore',
    })
    const exited = new Promise((done) => child.on('exit', done))
    const ok = await firstOk(t0, () => child.exitCode === null)
    child.kill('SIGTERM')
    await exited
    return ok
  } finally {
    await database.stop()
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null
}

const results = new Map<string, { ok: number[]; floor: number[] }>()
for (let run = 0; run < runs; run++) {
  for (const [s, source] of sources.entries()) {
    const index = run * sources.length + s
    const start = await startRun(source, index)
    const dbFloor = await floorDatabase(index)
    const serverFloor = start.ok === null ? null : await floorServer(start.dir)
    const floor = serverFloor === null ? null : dbFloor + serverFloor
    await removeClone(start.dir)
    const label = `${resolve(source)}@${start.commit}`
    const entry = results.get(label) ?? { ok: [], floor: [] }
    if (start.ok !== null) entry.ok.push(start.ok)
    if (floor !== null) entry.floor.push(floor)
    results.set(label, entry)
    console.log(
      `${label}  run ${run + 1}  load ${start.load.toFixed(2)}  /logga-in 200 after ${ms(start.ok)}` +
        `  (demo complete ${ms(start.demoLead)} before)  floor ${ms(floor)}` +
        ` (initdb+start ${ms(dbFloor)}, server ${ms(serverFloor)})` +
        `  ratio ${floor && start.ok ? (start.ok / floor).toFixed(2) : '–'} ×`
    )
    console.log(
      '  phases: ' +
        start.phases.map(([name, at]) => `${name} ${ms(at)}`).join(', ') +
        `; Ctrl-C stopped it in ${ms(start.stopped)} (exit ${start.code})` +
        (start.leftRunning ? ' — PostgreSQL LEFT RUNNING' : '')
    )
  }
}
console.log(
  '\nmedians (load now %s):',
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
)
for (const [label, { ok, floor }] of results) {
  const [m, f] = [median(ok), median(floor)]
  console.log(
    `  ${label}: first 200 ${ms(m)}, floor ${ms(f)}, ratio ${m && f ? (m / f).toFixed(2) : '–'} × (target < 15 s)`
  )
}
// the Ctrl-C wait's 60 s timer of the last run would keep the bench alive for nothing
process.exit(0)
