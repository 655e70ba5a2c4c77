/**
 * Where a test run's time goes (issue 18 point 5), printed when `TEST_TIMINGS=1`:
 *
 * - the phases before the first test (the database server, the app's boot, the migrations,
 *   importing the spec files), each as the clock since the process started;
 * - each suite's wall time, with its own setup and teardown (the HTTP server, the browser);
 * - the slowest spec files by wall time, hooks included (the time between two runner events
 *   belongs to the file of the earlier one, so a group's setup counts for its file);
 * - the slowest tests by their own duration.
 *
 * The same figures go to `tmp/test-timings.json` (or `TEST_TIMINGS_FILE`) for a script to
 * compare (bench/suite.ts). Without the flag the plugin does nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { PluginFn } from '@japa/runner/types'

const enabled = ['1', 'true', 'yes'].includes(process.env.TEST_TIMINGS ?? '')
const TOP = Number(process.env.TEST_TIMINGS_TOP ?? 20)

const phases: { name: string; at: number }[] = []

/** Note that a phase of the run ended now (no-op without TEST_TIMINGS). */
export function markPhase(name: string) {
  if (enabled) phases.push({ name, at: performance.now() })
}

interface FileTime {
  file: string
  suite: string
  ms: number
  tests: number
}

interface SuiteTime {
  name: string
  ms: number
  setupMs: number
  teardownMs: number
  tests: number
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** The Japa plugin that collects the figures and prints them when the process exits. */
export function timings(): PluginFn {
  return ({ emitter }) => {
    if (!enabled) return
    markPhase('app booted')
    const files = new Map<string, FileTime>()
    const suites: SuiteTime[] = []
    const tests: { title: string; file: string; ms: number }[] = []
    let suite: SuiteTime | undefined
    let suiteStarted = 0
    /** Where the time since `last` goes: a file, or the suite's setup/teardown. */
    let current: FileTime | 'setup' | 'teardown' | undefined
    let last = 0
    let ended = 0

    const tick = (now: number) => {
      const elapsed = now - last
      last = now
      if (current === 'setup' && suite) suite.setupMs += elapsed
      else if (current === 'teardown' && suite) suite.teardownMs += elapsed
      else if (current && typeof current === 'object') current.ms += elapsed
    }
    const fileOf = (meta: Record<string, any>) => {
      const file = meta.fileName ? relative(process.cwd(), meta.fileName) : '(no file)'
      let entry = files.get(file)
      if (!entry) {
        entry = { file, suite: suite?.name ?? '', ms: 0, tests: 0 }
        files.set(file, entry)
      }
      return entry
    }

    const onEvent = (name: string, data: any) => {
      const now = performance.now()
      if (name === 'runner:start') {
        // Japa runs the global setup (the migrations) before it imports the spec files
        markPhase('spec files imported')
      } else if (name === 'runner:end') {
        ended = now
      } else if (name === 'suite:start') {
        last = suiteStarted = now
        suite = { name: data.name, ms: 0, setupMs: 0, teardownMs: 0, tests: 0 }
        suites.push(suite)
        current = 'setup'
      } else if (name === 'suite:end') {
        tick(now)
        if (suite) suite.ms = now - suiteStarted
        suite = undefined
        current = undefined
      } else if (name === 'group:start' || name === 'test:start') {
        tick(now)
        current = fileOf(data.meta)
      } else if (name === 'group:end') {
        // a group's teardown was its file's; what follows the last group is the suite's
        tick(now)
        current = 'teardown'
      } else if (name === 'test:end') {
        tick(now)
        const file = fileOf(data.meta)
        file.tests++
        if (suite) suite.tests++
        tests.push({ title: data.title.expanded, file: file.file, ms: data.duration })
        // until the next event the time is this file's (the next test's setup, a group's teardown)
        current = file
      }
    }
    // Listeners run a tick after the emit, which is too late when a hook blocks the event
    // loop (a group setup that builds with spawnSync): the events are timed where emitted.
    const emit = emitter.emit.bind(emitter) as (name: string, data: unknown) => Promise<void>
    emitter.emit = ((name: string, data: any) => {
      onEvent(name, data)
      return emit(name, data)
    }) as typeof emitter.emit

    process.once('exit', () => {
      const end = ended || performance.now()
      const report = {
        totalMs: end,
        phases,
        suites,
        files: [...files.values()].sort((a, b) => b.ms - a.ms),
        tests: tests.sort((a, b) => b.ms - a.ms),
      }
      const path = process.env.TEST_TIMINGS_FILE ?? 'tmp/test-timings.json'
      try {
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(path, JSON.stringify(report, null, 2))
      } catch {}

      const lines = ['', `Timings (TEST_TIMINGS=1; written to ${path})`]
      lines.push('  phases, as the clock since the process started:')
      for (const phase of phases) lines.push(`    ${seconds(phase.at).padStart(8)}  ${phase.name}`)
      lines.push('  suites (wall time; setup before the first group, teardown after the last):')
      for (const s of suites) {
        lines.push(
          `    ${seconds(s.ms).padStart(8)}  ${s.name.padEnd(11)} ${String(s.tests).padStart(5)} tests` +
            `  (setup ${seconds(s.setupMs)}, teardown ${seconds(s.teardownMs)})`
        )
      }
      lines.push(`    ${seconds(end).padStart(8)}  the whole run, process start to the last test`)
      lines.push(`  the ${TOP} slowest files (wall time, their hooks included):`)
      for (const f of report.files.slice(0, TOP)) {
        lines.push(
          `    ${seconds(f.ms).padStart(8)}  ${f.suite.padEnd(11)} ${f.file} (${f.tests} tests)`
        )
      }
      lines.push(`  the ${TOP} slowest tests (their own duration):`)
      for (const t of report.tests.slice(0, TOP)) {
        lines.push(`    ${seconds(t.ms).padStart(8)}  ${t.file} › ${t.title.slice(0, 110)}`)
      }
      console.log(lines.join('\n'))
    })
  }
}
