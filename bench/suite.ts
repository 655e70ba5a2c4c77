/**
 * Benchmark: the test suite (`npm test`) against its floor, measured in the same run
 * (bench/README.md, row "suite"; issue 18 point 5).
 *
 * The floor is `npm test` with a filter that selects no test: the runner, the embedded
 * PostgreSQL, the app's boot, the migrations and importing every spec file — the fixed cost
 * of any test run on this machine at that moment. It is measured before and after the full
 * run (the machine's speed drifts within an hour) and the lower is taken. The full run has
 * TEST_TIMINGS=1, so it also prints where its time goes (suites, slowest files and tests;
 * tests/helpers/timings.ts).
 *
 *   npm run bench:suite                      floor, whole suite, floor
 *   npm run bench:suite -- --floor           the floor alone
 *   npm run bench:suite -- functional        one suite (any argument goes to bin/test.ts)
 *
 * The suite's own output goes to tmp/bench-suite.log, its figures to
 * tmp/bench-suite-timings.json.
 */
import { spawn } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'

const appRoot = new URL('../', import.meta.url).pathname
const args = process.argv.slice(2)
const floorOnly = args.includes('--floor')
const suiteArgs = args.filter((arg) => arg !== '--floor')
/** No test has this title: every suite is skipped after the boot, the imports and the migrations. */
const NO_TEST = '--tests=(bench:suite – no test has this title)'
const TIMINGS = 'tmp/bench-suite-timings.json'

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/** Run bin/test.ts with `extra` arguments; its wall time, exit code and (for the log) output. */
function runTests(extra: string[], timings: string, logTo?: string) {
  return new Promise<{ ms: number; code: number | null }>((resolve) => {
    const started = performance.now()
    const child = spawn(
      process.execPath,
      ['--import=@poppinss/ts-exec', 'bin/test.ts', ...suiteArgs, ...extra],
      {
        cwd: appRoot,
        env: { ...process.env, TEST_TIMINGS: '1', TEST_TIMINGS_FILE: timings },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    )
    const log = logTo ? createWriteStream(logTo) : null
    let output = ''
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        if (log) log.write(chunk)
        else output += chunk
      })
    }
    child.on('exit', (code) => {
      log?.end()
      if (code !== 0 && !log) console.error(output)
      resolve({ ms: performance.now() - started, code })
    })
  })
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

await mkdir(`${appRoot}tmp`, { recursive: true })
console.log(`load average ${load()}`)
const floors: number[] = []
const floor = async () => {
  const run = await runTests([NO_TEST], 'tmp/bench-suite-floor-timings.json')
  if (run.code !== 0) throw new Error(`the floor run failed (exit ${run.code})`)
  floors.push(run.ms)
  const { phases } = JSON.parse(
    readFileSync(`${appRoot}tmp/bench-suite-floor-timings.json`, 'utf8')
  ) as { phases: { name: string; at: number }[] }
  const steps = phases.map((phase) => `${phase.name} ${seconds(phase.at)}`).join(', ')
  console.log(`floor (no test selected): ${seconds(run.ms)} (${steps})   load average ${load()}`)
}

await floor()
if (!floorOnly) {
  console.log('the suite … (its output: tmp/bench-suite.log)')
  const full = await runTests([], TIMINGS, `${appRoot}tmp/bench-suite.log`)
  console.log(`suite: ${seconds(full.ms)} (exit ${full.code})   load average ${load()}`)
  await floor()
  const lowest = Math.min(...floors)
  const report = JSON.parse(readFileSync(`${appRoot}${TIMINGS}`, 'utf8')) as {
    suites: { name: string; ms: number; tests: number }[]
    files: { file: string; ms: number; tests: number }[]
  }
  console.log(
    `\nsuite ${seconds(full.ms)}, floor ${seconds(lowest)}: the tests' own time ${seconds(full.ms - lowest)}`
  )
  for (const suite of report.suites) {
    console.log(`  ${suite.name.padEnd(11)} ${seconds(suite.ms).padStart(8)}  ${suite.tests} tests`)
  }
  console.log('  slowest files:')
  for (const file of report.files.slice(0, 20)) {
    console.log(`    ${seconds(file.ms).padStart(8)}  ${file.file} (${file.tests})`)
  }
  if (full.code !== 0) process.exitCode = 1
}
