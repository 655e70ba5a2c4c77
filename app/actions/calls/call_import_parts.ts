/** The call import's columns, request, rejected row and step timer (shared by its parts). */
import { readFileSync } from 'node:fs'
import { type ImportMessage } from '#services/csv_reader'
import { type ImportRequest } from '#actions/imports/run_csv_import'
import type { JobContext } from '#services/job_queue'

export const COLUMNS = [
  { key: 'callId', header: 'SamtalsID' },
  { key: 'start', header: 'Start' },
  { key: 'entry', header: 'Ingång' },
  { key: 'wait', header: 'Väntetid' },
  { key: 'talk', header: 'Samtalstid' },
  { key: 'outcome', header: 'Utfall' },
  { key: 'extension', header: 'Anknytning' },
  { key: 'cost', header: 'Kostnad' },
] as const

export const MAX_STORED_ERRORS = 1000

export interface CallImportProgress {
  rows: number
  bytes: number
  totalBytes: number
}

export interface CallImportRequest extends ImportRequest {
  /** an import record created beforehand (web uploads queue the work) */
  importId?: number
  onProgress?: (progress: CallImportProgress) => void
  /**
   * The job this import runs as: its connection carries the job's name (the sweep ends it
   * when the job is taken back) and its outcome is written only while the job is still
   * this worker's (a worker that lost its lease can neither commit nor record anything).
   */
  job?: Pick<JobContext, 'connectionName' | 'fence'>
}

export interface RejectedRow {
  line: number
  raw: string
  errors: ImportMessage[]
}

/** utime + stime of a process on this machine, in ms (Linux /proc); null when unreadable. */
function processCpuMs(pid: number) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // USER_HZ 100
  } catch {
    return null
  }
}

/**
 * With DEBUG_IMPORT set, each step's wall time, this process's CPU, the CPU of the import's
 * PostgreSQL backend (`backendPid`, when the server runs on this machine and its /proc is
 * readable) and the process memory go to stderr (BENCHMARKS.md). The first line covers
 * everything before the steps: process start, boot, the checksum pass, the import record.
 */
export function stepTimer(backendPid: number | null = null) {
  const debug = Boolean(process.env.DEBUG_IMPORT)
  const cpuMs = () => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
  let last = Date.now()
  let lastCpu = cpuMs()
  let lastBackend = backendPid === null ? null : processCpuMs(backendPid)
  if (debug) {
    const rss = Math.round(process.memoryUsage().rss / 1e6)
    console.error(
      `before the steps (boot, checksum pass, import record): ${Math.round(process.uptime() * 1000)} ms, CPU ${Math.round(lastCpu)} ms, RSS ${rss} MB`
    )
  }
  return {
    step(label: string) {
      const now = Date.now()
      const cpu = cpuMs()
      const backend = backendPid === null ? null : processCpuMs(backendPid)
      if (debug) {
        const rss = Math.round(process.memoryUsage().rss / 1e6)
        const server =
          backend === null || lastBackend === null
            ? ''
            : `, PostgreSQL backend CPU ${backend - lastBackend} ms`
        console.error(
          `${label}: ${now - last} ms, CPU ${Math.round(cpu - lastCpu)} ms${server}, RSS ${rss} MB`
        )
      }
      last = now
      lastCpu = cpu
      lastBackend = backend
    },
  }
}
