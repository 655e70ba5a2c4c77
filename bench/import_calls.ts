/**
 * Benchmark: the whole call import (validation, conversion, duplicate check, attribution,
 * aggregates) against the machine's raw ingest limit (`psql \copy` of the same file into
 * an unindexed all-text table), on a fresh database each run.
 *
 *   npm run bench:import-calls -- [ROWS=1000000] [RUNS=3]
 *
 * Uses the embedded PostgreSQL (database `vaxelnavet_bench`) unless BENCH_DATABASE_URL
 * points at a server. Prints the median of the runs.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { benchDatabase, root } from './bench_database.js'
import { generateCalls } from '../database/demo/generate_calls.js'

const rows = Number(process.argv[2] ?? 1_000_000)
const runs = Number(process.argv[3] ?? 3)
const dir = join(root, 'tmp', 'bench')
mkdirSync(dir, { recursive: true })
const file = join(dir, `calls_${rows}.csv`)
if (!existsSync(file)) {
  console.log(`Skriver ${rows} samtal till ${file} …`)
  await generateCalls(file, rows, { month: '2026-10' })
}
const sizeMb = statSync(file).size / 1e6

const database = await benchDatabase()
const databaseUrl = database.url
const freshDatabase = database.fresh

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`)
  const [seconds, kilobytes] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number)
  return { seconds, rssMb: kilobytes / 1024, stdout: result.stdout }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const importSeconds: number[] = []
const importRss: number[] = []
const copySeconds: number[] = []

for (let run = 1; run <= runs; run++) {
  await freshDatabase()
  const result = timed(process.execPath, ['ace.js', 'import:calls', file, '--json'], {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'development',
  })
  const json = JSON.parse(result.stdout)
  if (json.stored !== rows)
    throw new Error(`stored ${json.stored} of ${rows}: ${result.stdout.slice(0, 500)}`)
  importSeconds.push(result.seconds)
  importRss.push(result.rssMb)

  await freshDatabase()
  const copy = timed('psql', [
    databaseUrl!,
    '-q',
    '-c',
    'CREATE TABLE raw_calls (a text, b text, c text, d text, e text, f text, g text, h text)',
    '-c',
    `\\copy raw_calls FROM '${file}' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'WIN1252')`,
  ])
  copySeconds.push(copy.seconds)
  console.log(
    `körning ${run}: import ${result.seconds.toFixed(2)} s (${result.rssMb.toFixed(0)} MB), \\copy ${copy.seconds.toFixed(2)} s`
  )
}

const imp = median(importSeconds)
const raw = median(copySeconds)
console.log(`\n${rows} rader (${sizeMb.toFixed(1)} MB), median av ${runs} körningar:`)
console.log(
  `  import:calls   ${imp.toFixed(2)} s  ${Math.round(rows / imp).toLocaleString('sv-SE')} rader/s  topp-RSS ${median(importRss).toFixed(0)} MB (hela processen)`
)
console.log(
  `  psql \\copy     ${raw.toFixed(2)} s  ${Math.round(rows / raw).toLocaleString('sv-SE')} rader/s`
)
console.log(`  kvot           ${(raw / imp).toFixed(3)} × \\copy-genomströmningen (mål ≥ 0,25)`)
await database.stop()
