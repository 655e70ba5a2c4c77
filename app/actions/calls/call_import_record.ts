/** The call import's record in `imports`: created, finished, its outcome (app/actions/calls/import_calls.ts). */
import type pg from 'pg'
import Import from '#models/import'
import { type CsvFileInfo } from '#services/csv_reader'
import { idempotencyKey, type ImportResult } from '#actions/imports/run_csv_import'
import db from '@adonisjs/lucid/services/db'
import { MAX_STORED_ERRORS, type CallImportRequest } from '#actions/calls/call_import_parts'

export async function newImportRecord(request: CallImportRequest, info: CsvFileInfo | null) {
  const record = await Import.create({
    type: 'calls',
    fileName: request.fileName,
    checksum: info?.checksum ?? '',
    idempotencyKey: idempotencyKey(info?.checksum ?? ''),
    status: 'running',
    userId: request.userId,
    encoding: info?.encoding ?? null,
    options: { partial: Boolean(request.partial) },
    warnings: [],
    errors: [],
    totalBytes: info?.size ?? null,
  })
  return record
}

export async function finish(
  record: Import,
  result: Omit<ImportResult, 'importId' | 'file' | 'checksum'>,
  client?: pg.Client,
  job?: CallImportRequest['job']
) {
  const values = {
    status: result.status,
    read_count: result.read,
    stored_count: result.stored,
    duplicate_count: result.duplicates,
    rejected_count: result.rejected,
    warnings: JSON.stringify(result.warnings),
    errors: JSON.stringify(result.errors.slice(0, MAX_STORED_ERRORS)),
    processed_rows: result.read,
    finished_at: new Date(),
  }
  if (client) {
    const keys = Object.keys(values)
    await client.query(
      `UPDATE imports SET ${keys.map((key, i) => `${key} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [record.id, ...Object.values(values)]
    )
  } else {
    await recordOutcome(record, values, job)
  }
  return {
    importId: Number(record.id),
    file: record.fileName,
    checksum: record.checksum,
    ...result,
  }
}

/** Write an outcome outside the import's transaction; for a job, only while it is still this worker's. */
export async function recordOutcome(
  record: Import,
  values: Record<string, unknown>,
  job: CallImportRequest['job']
) {
  if (!job) return Import.query().where('id', record.id).update(values)
  await db.transaction(async (trx) => {
    await job.fence(trx)
    await Import.query({ client: trx }).where('id', record.id).update(values)
  })
}
