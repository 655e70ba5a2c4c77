/**
 * calls — `SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad`
 *
 * A month is 300 000–1 000 000 rows, so this import streams and works in bulk:
 * 1. one pass over the bytes: checksum, encoding (the shared CSV reader);
 * 2. lines are split and checked in batches (app/domain/call_rows.ts). The fast path
 *    writes them with `COPY` straight into `call_records`, each call already attributed
 *    to the organisation that had its extension on the call's date, while PostgreSQL
 *    ingests the previous batch; the aggregates (`call_hourly`, `call_daily`,
 *    `call_hourly_org`) are counted on the way (app/domain/call_tally.ts) and added at
 *    the end.
 * 3. A `SamtalsID` that is already stored, or repeated in the file, stops that `COPY`
 *    (unique key). Then the fast path is rolled back to its savepoint and the staging
 *    path runs: the rows go into a temporary table and one `INSERT … SELECT` moves the
 *    new calls and their aggregates; a repeated `SamtalsID` with the same content is a
 *    duplicate, with other content an error.
 * All of it runs in one transaction on its own connection: a rejected file, a crash or a
 * SIGKILL leaves nothing behind. With `partial`, valid rows are stored and rejected rows
 * are kept in `import_rejected_rows` with their errors.
 */
import { databaseSettings } from '#services/database_settings'
import pg from 'pg'
import { DateTime } from 'luxon'
import Import from '#models/import'
import { CsvFileError, inspectFile, readHeader, type CsvFileInfo } from '#services/csv_reader'
import { CallTally, TallyOverflow } from '#domain/call_tally'
import {
  findPreviousImport,
  idempotencyKey,
  importLockQuery,
  type ImportResult,
} from '#actions/imports/run_csv_import'
import { recordAudit } from '#services/audit'
import { isDatabaseUnavailable } from '#services/database_errors'
import logger from '@adonisjs/core/services/logger'
import { COLUMNS, stepTimer, type CallImportRequest } from '#actions/calls/call_import_parts'
import { finish, newImportRecord, recordOutcome } from '#actions/calls/call_import_record'
import {
  UNIQUE_VIOLATION,
  directCopy,
  loadRegister,
  retainedFromDay,
  stageRows,
  STAGING_COPY,
} from '#actions/calls/call_copy'
import { copyPlainFile } from '#actions/calls/copy_plain_file'
import { addTally, mergeStaged } from '#actions/calls/call_aggregates'
import { refreshRangeAggregates } from '#actions/calls/range_aggregates'
import { precomputeQualityFigures } from '#actions/quality/precompute_quality'
import { sqlOnPg } from '#services/sql_runner'

export type { CallImportProgress, CallImportRequest } from '#actions/calls/call_import_parts'

export async function importCalls(request: CallImportRequest): Promise<ImportResult> {
  const empty = { read: 0, stored: 0, duplicates: 0, rejected: 0, warnings: [] as string[] }
  const existing = request.importId ? await Import.findOrFail(request.importId) : null

  let info: CsvFileInfo
  try {
    info = await inspectFile(request.filePath)
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    const record = existing ?? (await newImportRecord(request, null))
    return finish(
      record,
      { status: 'rejected', ...empty, errors: [error.toMessage()] },
      undefined,
      request.job
    )
  }
  const record = existing ?? (await newImportRecord(request, info))
  if (existing) {
    existing.merge({
      checksum: info.checksum,
      idempotencyKey: idempotencyKey(info.checksum),
      encoding: info.encoding,
      totalBytes: info.size,
    })
    await existing.save()
  }

  const key = idempotencyKey(info.checksum)
  const unchanged = (previous: { id: number | string; createdAt: DateTime }) =>
    finish(
      record,
      {
        status: 'unchanged',
        ...empty,
        warnings: [
          `Filen är redan inläst (${previous.createdAt.setZone('Europe/Stockholm').toFormat('yyyy-MM-dd HH:mm')}, import nr ${previous.id}); inget ändrades.`,
        ],
        errors: [],
      },
      undefined,
      request.job
    )
  const previous = await findPreviousImport('calls', key)
  if (previous && previous.id !== record.id) return unchanged(previous)

  let header
  try {
    header = await readHeader(request.filePath, COLUMNS, info)
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    return finish(
      record,
      { status: 'rejected', ...empty, errors: [error.toMessage()] },
      undefined,
      request.job
    )
  }

  const client = new pg.Client({
    ...databaseSettings().connection,
    application_name: request.job?.connectionName ?? 'vaxelnavet-import-calls',
  })
  // A connection lost between queries (server restarted, backend terminated) is emitted as
  // 'error'; unheard, it ended the process. The query in progress fails with it too, and
  // the catch below marks the import failed.
  client.on('error', (error) =>
    logger.warn({ err: error, importId: record.id }, 'call import: database connection lost')
  )
  await client.connect()
  try {
    // DEBUG_IMPORT: the backend's CPU per step too (call_import_parts.ts)
    const backend = process.env.DEBUG_IMPORT
      ? await client.query('SELECT pg_backend_pid() AS pid')
      : null
    const timing = stepTimer(backend ? backend.rows[0].pid : null)
    await client.query(`SET TIME ZONE 'UTC'`)
    await client.query('BEGIN')
    // the same file delivered twice at once: the second waits here and, once the first has
    // committed, finds its import (run_csv_import.ts `importLockQuery`)
    const lock = importLockQuery('calls', key, '$1')
    await client.query(lock.sql, lock.bindings)
    const earlier = await client.query(
      `SELECT id, created_at FROM imports WHERE type = 'calls' AND idempotency_key = $1
          AND status IN ('imported', 'partial') AND id <> $2 ORDER BY id DESC LIMIT 1`,
      [key, record.id]
    )
    if (earlier.rows.length > 0) {
      await client.query('ROLLBACK')
      const row = earlier.rows[0] as { id: string; created_at: Date }
      return unchanged({ id: row.id, createdAt: DateTime.fromJSDate(row.created_at) })
    }
    const register = await loadRegister(client)
    timing.step('lock, duplicate-import check, register')
    const tally = new CallTally()
    await client.query('SAVEPOINT direct_copy')
    let staging = false
    let staged: Awaited<ReturnType<typeof stageRows>>
    try {
      staged = info.hasQuotes
        ? await stageRows(
            client,
            request,
            info,
            header,
            directCopy(Number(record.id), register, tally)
          )
        : await copyPlainFile(client, request, info, header, Number(record.id), register, tally)
    } catch (error) {
      if (
        (error as { code?: string }).code !== UNIQUE_VIOLATION &&
        !(error instanceof TallyOverflow)
      )
        throw error
      // a SamtalsID that is stored already or repeated in the file (or, improbably, more
      // entry numbers than the fast path counts): the staging path decides
      await client.query('ROLLBACK TO SAVEPOINT direct_copy')
      await client.query(`
        CREATE TEMPORARY TABLE call_staging (
          line integer NOT NULL, call_id text NOT NULL, started_at timestamptz NOT NULL,
          entry_number text NOT NULL, wait_seconds integer NOT NULL, talk_seconds integer NOT NULL,
          outcome text NOT NULL, extension text, cost numeric(12, 4) NOT NULL
        ) ON COMMIT DROP`)
      staging = true
      staged = await stageRows(client, request, info, header, STAGING_COPY)
    }
    timing.step(staging ? 'stage (staging path)' : 'copy (direct)')
    if (staged.fileError) {
      await client.query('ROLLBACK')
      return finish(
        record,
        { status: 'rejected', ...empty, read: staged.read, errors: [staged.fileError] },
        undefined,
        request.job
      )
    }
    const { read, rejected, ambiguous } = staged
    if (read === 0) {
      await client.query('ROLLBACK')
      return finish(
        record,
        {
          status: 'rejected',
          ...empty,
          errors: [
            {
              line: null,
              column: null,
              message: 'Filen innehåller bara rubrikraden – det finns inga rader att läsa in.',
            },
          ],
        },
        undefined,
        request.job
      )
    }
    if (rejected.length > 0 && !request.partial) {
      await client.query('ROLLBACK')
      return finish(
        record,
        {
          status: 'rejected',
          ...empty,
          read,
          rejected: read,
          errors: rejected.flatMap((row) => row.errors),
        },
        undefined,
        request.job
      )
    }
    const retained = await retainedFromDay(client, staging ? null : tally)
    if (retained) {
      await client.query('ROLLBACK')
      return finish(
        record,
        {
          status: 'rejected',
          ...empty,
          read,
          rejected: read,
          errors: [{ line: null, column: 'Start', message: retained }],
        },
        undefined,
        request.job
      )
    }

    const merged = staging
      ? await mergeStaged(client, Number(record.id))
      : await addTally(client, tally)
    timing.step(staging ? 'merge' : 'aggregates')
    if (merged.conflicts.length > 0 && !request.partial) {
      await client.query('ROLLBACK')
      return finish(
        record,
        {
          status: 'rejected',
          ...empty,
          read,
          rejected: read,
          errors: merged.conflicts.map((conflict) => conflict.errors[0]),
        },
        undefined,
        request.job
      )
    }
    // the monthly and opening-hours sums of the days written, from the rows just merged:
    // the same statements whichever path wrote them (range_aggregates.ts)
    if (merged.days) await refreshRangeAggregates(sqlOnPg(client), merged.days)
    timing.step('range aggregates')
    const allRejected = [...rejected, ...merged.conflicts].sort((a, b) => a.line - b.line)
    if (allRejected.length > 0) {
      for (let start = 0; start < allRejected.length; start += 5000) {
        const chunk = allRejected.slice(start, start + 5000)
        await client.query(
          `INSERT INTO import_rejected_rows (import_id, line, raw, errors)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::jsonb[])`,
          [
            record.id,
            chunk.map((r) => r.line),
            chunk.map((r) => r.raw),
            chunk.map((r) => JSON.stringify(r.errors)),
          ]
        )
      }
    }

    const warnings: string[] = []
    if (ambiguous > 0) {
      warnings.push(
        `${ambiguous} samtal hade en starttid i den dubbla timmen när vintertiden började (02:00–02:59) utan tidszon; de tolkades som sommartid (första förekomsten).`
      )
    }
    if (merged.unattributed > 0) {
      warnings.push(
        `${merged.unattributed} samtal kopplades till anknytningar som inte finns i registret det datumet (ej attribuerade): ${merged.unknownExtensions.join(', ')}${merged.unknownExtensions.length === 20 ? ' …' : ''}.`
      )
    }
    const result = {
      status: allRejected.length > 0 ? ('partial' as const) : ('imported' as const),
      read,
      stored: merged.inserted,
      duplicates: merged.duplicates,
      rejected: allRejected.length,
      warnings,
      errors: allRejected.flatMap((row) => row.errors),
    }
    await request.job?.fence(client)
    const finished = await finish(record, result, client)
    await client.query('COMMIT')
    timing.step('rejected rows, import record, commit')
    await precomputeQualityFigures(merged.days) // the first month view after it reads these (docs/adr/0034)
    timing.step('quality figures (other connection)')
    await recordAudit(null, {
      userId: request.userId,
      action: 'import',
      entityType: 'import',
      entityId: record.id,
      summary: `Samtalsposter: ${request.fileName} – ${merged.inserted} sparade, ${merged.duplicates} dubbletter${allRejected.length ? `, ${allRejected.length} avvisade` : ''}`,
    })
    return finished
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    const message = isDatabaseUnavailable(error)
      ? 'Importen avbröts: förbindelsen med databasen bröts innan filen var inläst. Inget sparades; läs in filen igen.'
      : `Importen avbröts av ett tekniskt fel: ${(error as Error).message}`
    await recordOutcome(
      record,
      {
        status: 'failed',
        errors: JSON.stringify([{ line: null, column: null, message }]),
        finished_at: new Date(),
      },
      request.job
    ).catch(() => {}) // a job that is no longer this worker's: its new owner records the outcome
    throw error
  } finally {
    await client.end().catch(() => {})
  }
}
