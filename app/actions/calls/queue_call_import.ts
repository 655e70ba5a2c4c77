/**
 * Web uploads of call records: the file is kept under storage/uploads, an import record
 * is created at once (status "running") and the work is queued, so the request returns
 * immediately and the import page shows the progress.
 */
import { storagePath } from '#services/storage'
import { randomUUID } from 'node:crypto'
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import Import from '#models/import'
import { enqueueJob, registerJob } from '#services/job_queue'
import { importCalls } from '#actions/calls/import_calls'

export async function queueCallImport(input: {
  tmpPath: string
  fileName: string
  userId: number
  partial: boolean
}) {
  const dir = storagePath('uploads')
  await mkdir(dir, { recursive: true })
  const storedFile = join(dir, `${randomUUID()}.csv`)
  await copyFile(input.tmpPath, storedFile)
  const record = await Import.create({
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
  })
  await enqueueJob('import_calls', { importId: record.id })
  return record
}

registerJob('import_calls', async (payload) => {
  const record = await Import.findOrFail(Number(payload.importId))
  try {
    await importCalls({
      importId: record.id,
      filePath: record.storedFile!,
      fileName: record.fileName,
      userId: record.userId,
      partial: Boolean(record.options.partial),
    })
  } finally {
    await rm(record.storedFile!, { force: true })
  }
})
