/**
 * Call imports run as leased jobs (app/services/job_queue.ts, docs/adr/0013).
 *
 * - Web uploads: the file is kept under storage/uploads, an import record is created at
 *   once (status "running") with its job, so the request returns immediately and the
 *   import page shows the progress. A worker that dies loses the job to another instance
 *   (one retry), and the uploaded file is removed when the job ends, either way.
 * - The command line runs the import here and now, but as a job too: if the process is
 *   killed, the sweep of a running instance marks its import failed.
 */
import { storage, storagePath } from '#services/storage'
import { randomUUID } from 'node:crypto'
import { join, relative } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import Import from '#models/import'
import { enqueueJob, registerJob, runJobHere } from '#services/job_queue'
import { removeStoredFiles } from '#services/stored_file'
import { importCalls, type CallImportRequest } from '#actions/calls/import_calls'
import { announceSupplierFile } from '#actions/imports/announce_supplier_file'
import logger from '@adonisjs/core/services/logger'

/** A web upload is tried twice: a second death of its worker fails it (a file that kills every worker). */
const WEB_ATTEMPTS = 2

const ABANDONED = [
  {
    line: null,
    column: null,
    message: 'Importen avbröts innan den blev klar; ingenting sparades. Läs in filen igen.',
  },
]

export async function queueCallImport(input: {
  tmpPath: string
  fileName: string
  userId: number
  partial: boolean
}) {
  // in the shared storage, so whichever instance takes the job can read it
  const storedFile = join('uploads', `${randomUUID()}.csv`)
  await storage().upload(storedFile, input.tmpPath)
  try {
    return await db.transaction(async (trx) => {
      const record = await Import.create(
        {
          type: 'calls',
          fileName: input.fileName,
          checksum: '',
          idempotencyKey: '',
          status: 'running',
          userId: input.userId,
          options: { partial: input.partial },
          warnings: [],
          errors: [],
          storedFile,
        },
        { client: trx }
      )
      await enqueueJob(
        'import_calls',
        { importId: record.id },
        { maxAttempts: WEB_ATTEMPTS, client: trx }
      )
      return record
    })
  } catch (error) {
    await removeStoredFiles([storedFile])
    throw error
  }
}

/** The command line's import: a record and a job held by this process for as long as it works. */
export async function importCallsHere(request: Omit<CallImportRequest, 'importId' | 'job'>) {
  const record = await Import.create({
    type: 'calls',
    fileName: request.fileName,
    checksum: '',
    idempotencyKey: '',
    status: 'running',
    userId: request.userId,
    options: { partial: Boolean(request.partial) },
    warnings: [],
    errors: [],
  })
  return runJobHere('import_calls_here', { importId: record.id }, (job) =>
    importCalls({ ...request, importId: record.id, job })
  )
}

/**
 * The outcome of call records the import API received, told to the coordinators as the
 * drop folder tells its files (`announceSupplierFile`, the same texts); a failure to tell
 * is logged, never undoes the import.
 */
async function announceApiOutcome(
  record: Import,
  outcome: 'imported' | 'rejected',
  extra: { unchanged?: boolean } = {}
) {
  if (record.source !== 'api') return
  await announceSupplierFile(
    { fileName: record.fileName, outcome, unchanged: extra.unchanged, importId: Number(record.id) },
    { via: 'api', key: record.sourceName ?? '' }
  ).catch((error) =>
    logger.error({ err: error, importId: record.id }, 'call import: not announced')
  )
}

/** A stored upload's path relative to the storage (records of older versions kept it absolute). */
function uploadPath(storedFile: string) {
  return storedFile.startsWith('/') ? relative(storagePath(), storedFile) : storedFile
}

/** After a call import's job: a record still "running" is failed, the uploaded file removed. */
async function importJobEnded(payload: Record<string, unknown>) {
  const record = await Import.find(Number(payload.importId))
  if (!record) return
  const failed = await db
    .from('imports')
    .where('id', record.id)
    .where('status', 'running')
    .update({ status: 'failed', errors: JSON.stringify(ABANDONED), finished_at: new Date() }, [
      'id',
    ])
  if (failed.length > 0) await announceApiOutcome(record, 'rejected')
  if (record.storedFile) {
    await removeStoredFiles([uploadPath(record.storedFile)])
    await Import.query().where('id', record.id).update({ stored_file: null })
  }
}

registerJob('import_calls', {
  async run(payload, job) {
    const record = await Import.findOrFail(Number(payload.importId))
    // an earlier attempt finished the import and then died before it could say so
    if (record.status !== 'running') return
    const result = await storage().withLocalFile(uploadPath(record.storedFile!), (filePath) =>
      importCalls({
        importId: record.id,
        filePath,
        fileName: record.fileName,
        userId: record.userId,
        partial: Boolean(record.options.partial),
        job,
      })
    )
    // a file the import API received: the coordinators were told "togs emot"; now the outcome
    await announceApiOutcome(record, result.status === 'rejected' ? 'rejected' : 'imported', {
      unchanged: result.status === 'unchanged',
    })
  },
  ended: importJobEnded,
})

// runs only in the process that started it (runJobHere); the sweep fails it if that process dies
registerJob('import_calls_here', {
  run: async () => {
    throw new Error('a command-line import runs only in the process that started it')
  },
  ended: importJobEnded,
})

/**
 * Call imports "running" with no job that could still finish them (a process of an older
 * version, or one that died between creating the record and its job) are failed.
 */
export async function failOrphanCallImports(olderThanMs: number) {
  await db.rawQuery(
    `UPDATE imports i SET status = 'failed', errors = ?::jsonb, finished_at = now()
      WHERE i.type = 'calls' AND i.status = 'running' AND i.created_at < now() - ? * interval '1 millisecond'
        AND NOT EXISTS (SELECT 1 FROM jobs j
                         WHERE j.status IN ('queued', 'running') AND (j.payload->>'importId')::bigint = i.id)`,
    [JSON.stringify(ABANDONED), olderThanMs]
  )
}
