/** The call import's columns, request, rejected row and step timer (shared by its parts). */
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

/** With DEBUG_IMPORT set, each step's time and the process memory go to stderr (BENCHMARKS.md). */
export function stepTimer() {
  let last = Date.now()
  return {
    step(label: string) {
      if (process.env.DEBUG_IMPORT) {
        const rss = Math.round(process.memoryUsage().rss / 1e6)
        console.error(`${label}: ${Date.now() - last} ms, RSS ${rss} MB`)
      }
      last = Date.now()
    },
  }
}
