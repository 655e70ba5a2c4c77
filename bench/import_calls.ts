/**
 * Benchmark: the whole call import (validation, conversion, duplicate check, attribution,
 * aggregates) against the machine's raw ingest limit (`psql \copy` of the same file into
 * an unindexed all-text table), on a fresh database each run.
 *
 *   npm run bench:import-calls -- [ROWS=1000000] [RUNS=3]
 *
 * Uses the embedded PostgreSQL (database `vaxelnavet_bench`) unless BENCH_DATABASE_URL
 * points at a server. Prints the median of the runs.
 *
 * Wall times mean little on a loaded machine, so each run also reports CPU seconds (ADR
 * 0032 §4): the import process's user + system time (`/usr/bin/time`), the PostgreSQL
 * server's processes' `utime + stime` read from /proc every 100 ms while it runs (client
 * backends, and the background processes — checkpointer, WAL writer, autovacuum — apart),
 * and the WAL written (`pg_current_wal_lsn()` before and after). The server's figures need
 * a server on this machine whose /proc this process can read; otherwise they are left out.
 *
 * BENCH_BUILD=1 runs the import as production runs it (issue 18 point 1): this checkout's
 * production build (`npm run build`, made first), `node ace.js` in build/ with NODE_ENV=
 * production — no TypeScript loader, the heap flags given by bin/console.ts.
 *
 * For A/B comparisons: BENCH_APP_ROOT runs the import from another checkout (its
 * `ace.js`, on the same database, migrated by this checkout); BENCH_SETUP_SQL is run after
 * the migrations of each fresh database (e.g. a `DROP INDEX`); BENCH_SKIP_COPY=1 leaves out
 * the `\copy` reference; BENCH_FILE_ORDER imports the calls in another order (below).
 * DEBUG_IMPORT=1 prints the import's own steps under each run: wall time, the import
 * process's CPU and its PostgreSQL backend's CPU per step (app/actions/calls/call_import_parts.ts).
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { benchDatabase, root } from './bench_database.js'
import { generateCalls } from '../database/demo/generate_calls.js'

const rows = Number(process.argv[2] ?? 1_000_000)
const runs = Number(process.argv[3] ?? 3)
const fromBuild = process.env.BENCH_BUILD === '1'
const appRoot = fromBuild ? join(root, 'build') : (process.env.BENCH_APP_ROOT ?? root)
if (fromBuild) {
  console.log('Bygger produktionsbygget (npm run build) …')
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`)
  if (!existsSync(join(appRoot, 'node_modules')))
    symlinkSync(join(root, 'node_modules'), join(appRoot, 'node_modules'))
}
const setupSql = process.env.BENCH_SETUP_SQL
const skipCopy = process.env.BENCH_SKIP_COPY === '1'
const order = process.env.BENCH_FILE_ORDER ?? 'file'
if (!/^(file|time|chunks(:\d+)?)$/.test(order)) throw new Error(`BENCH_FILE_ORDER=${order}?`)
const chunkLines = order.startsWith('chunks:') ? Number(order.slice(7)) : 65_536
const dir = join(root, 'tmp', 'bench')
mkdirSync(dir, { recursive: true })
const generated = join(dir, `calls_${rows}.csv`)
if (!existsSync(generated)) {
  console.log(`Skriver ${rows} samtal till ${generated} …`)
  await generateCalls(generated, rows, { month: '2026-10' })
}
const file = order === 'file' ? generated : join(dir, `calls_${rows}_${order.replace(':', '')}.csv`)
if (!existsSync(file)) writeReordered(generated, file, order === 'time' ? rows : chunkLines)

/**
 * The generated file has rising SamtalsID and start times in random order: every insert
 * into the call list's B-tree on (started_at, call_id) lands on a random leaf (ADR 0032
 * §4). Two other orders of the same calls, for comparison:
 * - BENCH_FILE_ORDER=time: sorted by start time, the ids numbered in that order, as a
 *   switchboard's log written call by call would be;
 * - BENCH_FILE_ORDER=chunks: each run of 65 536 lines sorted by start time, ids unchanged —
 *   what sorting each chunk in the import before its COPY would give (`chunks:8192`: runs
 *   of 8 192 lines).
 */
function writeReordered(from: string, to: string, chunk: number) {
  const lines = readFileSync(from, 'latin1').split('\r\n')
  const header = lines.shift()!
  if (lines.at(-1) === '') lines.pop()
  const byStart = (a: { start: string; index: number }, b: { start: string; index: number }) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index
  const out: string[] = [header]
  for (let first = 0; first < lines.length; first += chunk) {
    const calls = lines
      .slice(first, first + chunk)
      .map((line, index) => ({ line, start: line.split(';')[1], index }))
      .sort(byStart)
    for (const { line } of calls) {
      if (chunk < lines.length) {
        out.push(line)
        continue
      }
      const id = line.slice(0, line.indexOf(';'))
      const prefix = id.slice(0, id.lastIndexOf('-') + 1)
      out.push(`${prefix}${String(out.length).padStart(7, '0')}${line.slice(id.length)}`)
    }
  }
  writeFileSync(to, [...out, ''].join('\r\n'), 'latin1')
}
const sizeMb = statSync(file).size / 1e6

const database = await benchDatabase()
const databaseUrl = database.url
const freshDatabase = async () => {
  await database.fresh()
  if (setupSql) await query(setupSql)
}

async function query(sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const result = await client.query(sql)
    return result.rows
  } finally {
    await client.end()
  }
}

/** The postmaster's pid, when the server's data directory is readable from here. */
async function postmasterPid(): Promise<number | null> {
  try {
    const [{ data_directory: dataDirectory }] = await query('SHOW data_directory')
    return Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch (error) {
    console.log(`(PostgreSQL:s CPU mäts inte: ${(error as Error).message})`)
    return null
  }
}
// read after the first fresh database (the bench database does not exist before)
let postmaster: number | null = null
const ticksPerSecond = 100 // USER_HZ on Linux

/** CPU ticks of each child of the postmaster: utime + stime, and whether it serves a client. */
function serverTicks(): Map<number, { ticks: number; client: boolean }> {
  const result = new Map<number, { ticks: number; client: boolean }>()
  if (!postmaster) return result
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) !== postmaster) continue // field 4: ppid
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8')
      result.set(Number(name), {
        ticks: Number(fields[11]) + Number(fields[12]), // fields 14, 15: utime, stime
        client: /\(\d+\)|parallel worker/.test(cmdline),
      })
    } catch {
      // the process ended while being read
    }
  }
  return result
}

/** Run a command under /usr/bin/time while sampling the server's CPU; wall, RSS, CPU, WAL. */
async function measured(command: string, args: string[], cwd: string) {
  const [wal] = postmaster ? await query('SELECT pg_current_wal_lsn() AS lsn') : [null]
  const walBefore: string | null = wal?.lsn ?? null
  const start = serverTicks()
  const last = new Map(start)
  const sample = () => {
    // a title read while PostgreSQL rewrites it may lack the client's address: once a client, always
    for (const [pid, value] of serverTicks())
      last.set(pid, {
        ticks: value.ticks,
        client: value.client || (last.get(pid)?.client ?? false),
      })
  }
  const timer = setInterval(sample, 100)
  const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], {
    cwd,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: fromBuild ? 'production' : 'development',
      // the production build reads no .env: what a production instance is given
      ...(fromBuild ? { APP_KEY: 'bench-production-key-0123456789abcdef', TZ: 'UTC' } : {}),
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (data) => (stdout += data))
  child.stderr.setEncoding('utf8').on('data', (data) => (stderr += data))
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
  sample()
  clearInterval(timer)
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${stderr}`)
  const [seconds, kilobytes, user, system] = stderr.trim().split('\n').pop()!.split(' ').map(Number)
  let backendTicks = 0
  let backgroundTicks = 0
  for (const [pid, value] of last) {
    const used = value.ticks - (start.get(pid)?.ticks ?? 0)
    if (value.client) backendTicks += used
    else backgroundTicks += used
  }
  const [walAfter] = walBefore
    ? await query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '${walBefore}') AS bytes`)
    : [null]
  const walMb = walAfter ? Number(walAfter.bytes) / 1e6 : null
  return {
    seconds,
    rssMb: kilobytes / 1024,
    cpu: user + system,
    backendCpu: postmaster ? backendTicks / ticksPerSecond : null,
    backgroundCpu: postmaster ? backgroundTicks / ticksPerSecond : null,
    walMb,
    stdout,
    stderr,
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const imports: Awaited<ReturnType<typeof measured>>[] = []
const copies: Awaited<ReturnType<typeof measured>>[] = []
const cpuText = (m: Awaited<ReturnType<typeof measured>>) =>
  `CPU ${m.cpu.toFixed(2)} s` +
  (m.backendCpu === null
    ? ''
    : `, PostgreSQL ${m.backendCpu.toFixed(2)} s (+ ${m.backgroundCpu!.toFixed(2)} s bakgrund), WAL ${m.walMb!.toFixed(0)} MB`)
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

for (let run = 1; run <= runs; run++) {
  await freshDatabase()
  if (run === 1) postmaster = await postmasterPid()
  const loadBefore = load()
  const result = await measured(
    process.execPath,
    ['ace.js', 'import:calls', file, '--json'],
    appRoot
  )
  const json = JSON.parse(result.stdout)
  if (json.stored !== rows)
    throw new Error(`stored ${json.stored} of ${rows}: ${result.stdout.slice(0, 500)}`)
  imports.push(result)
  // DEBUG_IMPORT=1: the import's own step lines (app/actions/calls/call_import_parts.ts)
  if (process.env.DEBUG_IMPORT)
    for (const line of result.stderr.split('\n'))
      if (/: \d+ ms, CPU /.test(line)) console.log(`  ${line}`)
  let copyText = ''
  if (!skipCopy) {
    await freshDatabase()
    const copy = await measured(
      'psql',
      [
        databaseUrl!,
        '-q',
        '-c',
        'CREATE TABLE raw_calls (a text, b text, c text, d text, e text, f text, g text, h text)',
        '-c',
        `\\copy raw_calls FROM '${file}' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'WIN1252')`,
      ],
      root
    )
    copies.push(copy)
    copyText = `; \\copy ${copy.seconds.toFixed(2)} s (${cpuText(copy)})`
  }
  console.log(
    `körning ${run} (last ${loadBefore}): import ${result.seconds.toFixed(2)} s (${result.rssMb.toFixed(0)} MB; ${cpuText(result)})${copyText}`
  )
}

const imp = median(imports.map((m) => m.seconds))
console.log(`\n${rows} rader (${sizeMb.toFixed(1)} MB), median av ${runs} körningar:`)
console.log(
  `  import:calls   ${imp.toFixed(2)} s  ${Math.round(rows / imp).toLocaleString('sv-SE')} rader/s  topp-RSS ${median(imports.map((m) => m.rssMb)).toFixed(0)} MB (hela processen)`
)
console.log(
  `                 CPU ${median(imports.map((m) => m.cpu)).toFixed(2)} s` +
    (postmaster
      ? `, PostgreSQL ${median(imports.map((m) => m.backendCpu!)).toFixed(2)} s, WAL ${median(imports.map((m) => m.walMb!)).toFixed(0)} MB`
      : '')
)
if (!skipCopy) {
  const raw = median(copies.map((m) => m.seconds))
  console.log(
    `  psql \\copy     ${raw.toFixed(2)} s  ${Math.round(rows / raw).toLocaleString('sv-SE')} rader/s`
  )
  console.log(`  kvot           ${(raw / imp).toFixed(3)} × \\copy-genomströmningen (mål ≥ 0,25)`)
  if (postmaster) {
    const rawCpu = median(copies.map((m) => m.cpu + m.backendCpu!))
    const impCpu = median(imports.map((m) => m.cpu + m.backendCpu!))
    console.log(
      `  kvot i CPU     ${(rawCpu / impCpu).toFixed(3)} × (psql + server ${rawCpu.toFixed(2)} s mot import + server ${impCpu.toFixed(2)} s)`
    )
  }
}
await database.stop()
