/**
 * The import pipeline shared by the register-sized imports (organisations, extensions,
 * headcount, supplier invoices, cost entries): read and validate every row with the
 * Swedish CSV reader, then store all-or-nothing (or, with `partial`, the valid rows) in
 * one transaction, and record the attempt in `imports` whatever the outcome.
 *
 * A byte-identical file (same type, checksum and options) that was imported before is a
 * no-op that says so ("unchanged").
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Import from '#models/import'
import {
  CsvFileError,
  inspectFile,
  openCsv,
  type CsvColumn,
  type CsvFileInfo,
  type CsvRecord,
  type ImportMessage,
} from '#services/csv_reader'
import { recordAudit } from '#services/audit'
import { inDefaultLanguage } from '#services/messages'
import { coded, type StoredMessage } from '#domain/coded_message'

export interface ImportRequest {
  filePath: string
  fileName: string
  userId: number | null
  partial?: boolean
  /** options that change the meaning of the file (e.g. the snapshot date) */
  options?: Record<string, string | number | boolean | null>
}

export interface ImportResult {
  importId: number
  file: string
  checksum: string
  status: 'imported' | 'partial' | 'unchanged' | 'rejected'
  read: number
  stored: number
  duplicates: number
  rejected: number
  warnings: string[]
  errors: ImportMessage[]
  /** FORMATS.md: the file feeds an invoiced period (a late input) */
  late?: true
}

export interface StoreOutcome {
  stored: number
  duplicates: number
  /** stored with the import as they are (a code is worded per reader on the import page) */
  warnings?: StoredMessage[]
  /** problems found only when comparing with stored data; they reject the file */
  errors?: ImportMessage[]
  /** runs in the same transaction once the import record exists (to link rows to it) */
  afterImport?: (importId: number) => Promise<void>
  /** the invoiced periods the file feeds: it is stored as a late input (DOMAIN.md) */
  latePeriods?: string[]
}

export interface CsvImporter<Key extends string, Row> {
  type: string
  label: string
  columns: readonly CsvColumn<Key>[]
  /** Validate one record. Return the row, or the errors of that row. */
  parseRow(
    record: CsvRecord<Key>
  ): Promise<{ row?: Row; errors: ImportMessage[] }> | { row?: Row; errors: ImportMessage[] }
  /**
   * The most data rows a file of this kind can sensibly hold, and the refusal past it: the
   * reading stops there instead of validating (and holding) a file of millions of rows.
   */
  maxRows?: { rows: number; message: string }
  /** Checks that need the whole file (e.g. one scope per snapshot). */
  checkFile?(rows: Row[]): ImportMessage[] | Promise<ImportMessage[]>
  /** Store the valid rows; runs inside the import's transaction. */
  store(rows: Row[], trx: TransactionClientContract, request: ImportRequest): Promise<StoreOutcome>
}

/** Errors kept per import; a file with more than this is reported as "… och N fel till". */
const MAX_STORED_ERRORS = 1000

export function idempotencyKey(checksum: string, options: ImportRequest['options'] = {}) {
  const parts = Object.keys(options)
    .sort()
    .map((key) => `${key}=${options[key] ?? ''}`)
  return [checksum, ...parts].join('|').slice(0, 200)
}

async function recordImport(
  request: ImportRequest,
  type: string,
  info: Pick<CsvFileInfo, 'checksum'> & { encoding?: string | null },
  result: Omit<ImportResult, 'importId'>,
  trx?: TransactionClientContract,
  /** the warnings as stored: codes where the importer gave codes (default: the texts) */
  storedWarnings: StoredMessage[] = result.warnings
) {
  const row = await Import.create(
    {
      type,
      fileName: request.fileName,
      checksum: info.checksum,
      idempotencyKey: idempotencyKey(info.checksum, request.options),
      status: result.status,
      userId: request.userId,
      encoding: info.encoding ?? null,
      options: { ...request.options, partial: Boolean(request.partial) },
      readCount: result.read,
      storedCount: result.stored,
      duplicateCount: result.duplicates,
      rejectedCount: result.rejected,
      warnings: storedWarnings,
      errors: result.errors.slice(0, MAX_STORED_ERRORS + 1), // + the count of the rest
      finishedAt: DateTime.now(),
    },
    { client: trx }
  )
  return { importId: Number(row.id), ...result }
}

export async function findPreviousImport(
  type: string,
  key: string,
  trx?: TransactionClientContract
) {
  return Import.query({ client: trx })
    .where('type', type)
    .where('idempotency_key', key)
    .whereIn('status', ['imported', 'partial'])
    .orderBy('id', 'desc')
    .first()
}

/** The lock space of `importLockQuery` (two-key advisory locks; other features use others). */
const IMPORT_LOCK_SPACE = 16_009

/**
 * The query that holds, until its transaction ends, the lock on one file of one kind: two
 * deliveries of the same file at once (the import API, the drop folder, an upload, two
 * instances) are stored one after the other, and the second, re-checking under the lock,
 * finds the first's import — "unchanged", as a later repeat would be.
 * `placeholder`: `?` for Lucid, `$1` for a plain `pg` client (the call import).
 */
export function importLockQuery(type: string, key: string, placeholder: '?' | '$1' = '?') {
  return {
    sql: `SELECT pg_advisory_xact_lock(${IMPORT_LOCK_SPACE}, hashtext(${placeholder}::text))`,
    bindings: [`import|${type}|${key}`],
  }
}

export async function runCsvImport<Key extends string, Row>(
  importer: CsvImporter<Key, Row>,
  request: ImportRequest
): Promise<ImportResult> {
  const empty = { read: 0, stored: 0, duplicates: 0, rejected: 0, warnings: [] as string[] }
  let info: CsvFileInfo
  try {
    info = await inspectFile(request.filePath)
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    return recordImport(
      request,
      importer.type,
      { checksum: '', encoding: null },
      {
        file: request.fileName,
        checksum: '',
        status: 'rejected',
        ...empty,
        errors: [error.toMessage()],
      }
    )
  }

  const key = idempotencyKey(info.checksum, request.options)
  const unchanged = (previous: Import) => {
    const warning = coded('importWarnings.unchanged', {
      at: previous.createdAt.setZone('Europe/Stockholm').toFormat('yyyy-MM-dd HH:mm'),
      id: Number(previous.id),
    })
    return recordImport(
      request,
      importer.type,
      info,
      {
        file: request.fileName,
        checksum: info.checksum,
        status: 'unchanged',
        ...empty,
        warnings: [inDefaultLanguage(warning)],
        errors: [],
      },
      undefined,
      [warning]
    )
  }
  // the usual repeat is answered without reading the file; a simultaneous one is caught
  // again under the file's lock, inside the transaction that stores it
  const previous = await findPreviousImport(importer.type, key)
  if (previous) return unchanged(previous)

  const rows: Row[] = []
  // at most MAX_STORED_ERRORS kept in memory, the rest counted: a file of millions of bad
  // rows (a 50 MB budget of repeated months) is refused without exhausting the heap
  const errors: ImportMessage[] = []
  let unkeptErrors = 0
  const keep = (found: ImportMessage[]) => {
    const room = Math.max(0, MAX_STORED_ERRORS - errors.length)
    errors.push(...found.slice(0, room))
    unkeptErrors += Math.max(0, found.length - room)
  }
  const moreErrors = (): ImportMessage[] =>
    unkeptErrors > 0
      ? [{ line: null, column: null, message: `… och ${unkeptErrors} fel till` }]
      : []
  let read = 0
  let rejected = 0
  try {
    const csv = await openCsv(request.filePath, importer.columns, info)
    for await (const record of csv.records) {
      read++
      if (importer.maxRows && read > importer.maxRows.rows) {
        throw new CsvFileError(importer.maxRows.message, null)
      }
      if (record.error) {
        keep([record.error])
        rejected++
        continue
      }
      const outcome = await importer.parseRow(record)
      if (outcome.errors.length > 0 || !outcome.row) {
        keep(outcome.errors)
        rejected++
      } else {
        rows.push(outcome.row)
      }
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    return recordImport(request, importer.type, info, {
      file: request.fileName,
      checksum: info.checksum,
      status: 'rejected',
      ...empty,
      read,
      errors: [error.toMessage()],
    })
  }

  if (read === 0) {
    errors.push({
      line: null,
      column: null,
      message: 'Filen innehåller bara rubrikraden – det finns inga rader att läsa in.',
    })
  }
  if (errors.length === 0 && importer.checkFile) keep(await importer.checkFile(rows))

  const reject = (extra: ImportMessage[] = []) =>
    recordImport(request, importer.type, info, {
      file: request.fileName,
      checksum: info.checksum,
      status: 'rejected',
      read,
      stored: 0,
      duplicates: 0,
      rejected: read === 0 ? 0 : request.partial ? rejected : read,
      warnings: [],
      errors: [...errors, ...moreErrors(), ...extra],
    })

  if (read === 0 || (errors.length > 0 && (!request.partial || rows.length === 0))) {
    return reject()
  }

  const trx = await db.transaction()
  try {
    const lock = importLockQuery(importer.type, key)
    await trx.rawQuery(lock.sql, lock.bindings)
    const earlier = await findPreviousImport(importer.type, key, trx)
    if (earlier) {
      await trx.rollback()
      return unchanged(earlier)
    }
    const outcome = await importer.store(rows, trx, request)
    if (outcome.errors && outcome.errors.length > 0) {
      await trx.rollback()
      return reject(outcome.errors)
    }
    const late = outcome.stored > 0 ? (outcome.latePeriods ?? []) : []
    const warnings: StoredMessage[] = [
      ...(late.length > 0 ? [coded('controlLoop.import.late', { periods: late.join(', ') })] : []),
      ...(outcome.warnings ?? []),
    ]
    const result = await recordImport(
      request,
      importer.type,
      info,
      {
        file: request.fileName,
        checksum: info.checksum,
        status: errors.length > 0 ? 'partial' : 'imported',
        read,
        stored: outcome.stored,
        duplicates: outcome.duplicates,
        rejected,
        // the caller (a command's output, FORMATS.md) reads them in the default language
        warnings: warnings.map(inDefaultLanguage),
        errors: [...errors, ...moreErrors()],
      },
      trx,
      warnings
    )
    await outcome.afterImport?.(result.importId)
    if (late.length > 0) {
      await trx.rawQuery('UPDATE imports SET late_periods = ?::varchar[] WHERE id = ?', [
        late,
        result.importId,
      ])
    }
    await recordAudit(trx, {
      userId: request.userId,
      action: 'import',
      entityType: 'import',
      entityId: result.importId,
      summary: `${importer.label}: ${request.fileName} – ${outcome.stored} sparade, ${outcome.duplicates} oförändrade${rejected ? `, ${rejected} avvisade` : ''}`,
    })
    await trx.commit()
    return late.length > 0 ? { ...result, late: true as const } : result
  } catch (error) {
    await trx.rollback()
    throw error
  }
}
