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
import { validOnSql } from '#queries/validity'
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import pg from 'pg'
import copyStreams from 'pg-copy-streams'
import Import from '#models/import'
import { databaseSettings } from '#services/database_settings'
import {
  CsvFileError,
  MAX_LINE_LENGTH,
  inspectFile,
  readCsvBatches,
  readHeader,
  type CsvFileInfo,
  type ImportMessage,
} from '#services/csv_reader'
import { parseCallRow, type CallRow } from '#domain/call_rows'
import {
  CallTally,
  ExtensionRegister,
  TallyOverflow,
  tallyCallOf,
  type Group,
} from '#domain/call_tally'
import {
  BINARY_COPY_HEADER,
  BINARY_COPY_TRAILER,
  copyLineOf,
  copyText,
  newPlainCall,
  readPlainCall,
  writeCallRecordOf,
  type CallLayout,
} from '#domain/plain_call'
import {
  findPreviousImport,
  idempotencyKey,
  type ImportRequest,
  type ImportResult,
} from '#actions/imports/run_csv_import'
import { recordAudit } from '#services/audit'
import db from '@adonisjs/lucid/services/db'
import type { JobContext } from '#services/job_queue'
import { isDatabaseUnavailable } from '#services/database_errors'
import logger from '@adonisjs/core/services/logger'

const COLUMNS = [
  { key: 'callId', header: 'SamtalsID' },
  { key: 'start', header: 'Start' },
  { key: 'entry', header: 'Ingång' },
  { key: 'wait', header: 'Väntetid' },
  { key: 'talk', header: 'Samtalstid' },
  { key: 'outcome', header: 'Utfall' },
  { key: 'extension', header: 'Anknytning' },
  { key: 'cost', header: 'Kostnad' },
] as const

const MAX_STORED_ERRORS = 1000

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

interface RejectedRow {
  line: number
  raw: string
  errors: ImportMessage[]
}

/** With DEBUG_IMPORT set, each step's time and the process memory go to stderr (BENCHMARKS.md). */
function stepTimer() {
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

async function newImportRecord(request: CallImportRequest, info: CsvFileInfo | null) {
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

async function finish(
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
async function recordOutcome(
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

  const previous = await findPreviousImport('calls', idempotencyKey(info.checksum))
  if (previous && previous.id !== record.id) {
    return finish(
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
  }

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
    await client.query(`SET TIME ZONE 'UTC'`)
    await client.query('BEGIN')
    const timing = stepTimer()
    const register = await loadRegister(client)
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

const UNIQUE_VIOLATION = '23505'

/**
 * Calls from before the latest retention cutoff were counted once and their raw rows
 * removed (app/actions/retention/apply_retention.ts): counting them again would double
 * the aggregates, so such a file is refused. The Swedish message, or null.
 */
async function retainedFromDay(client: pg.Client, tally: CallTally | null) {
  const { rows } = await client.query(
    `SELECT to_char(max(cutoff), 'YYYY-MM-DD') AS cutoff FROM retention_runs`
  )
  const cutoff: string | null = rows[0].cutoff
  if (!cutoff) return null
  const earliest = tally ? tally.earliestDay() : await earliestStagedDay(client)
  if (!earliest || earliest >= cutoff) return null
  return `Filen har samtal från ${earliest}, före gallringsgränsen ${cutoff}: de samtalen är redan räknade och deras rådata borttagen, så filen läses inte in. Ta bort raderna före ${cutoff} och läs in filen igen.`
}
/** The first day (Stockholm time) among the staged call records, or null when none */
async function earliestStagedDay(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query(
    `SELECT to_char(min(started_at) AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') AS day FROM call_staging`
  )
  return rows[0].day
}
/** pg_advisory_xact_lock key: call imports add to the aggregates one at a time */
const AGGREGATES_LOCK = 4_711_001

/** Where checked rows go: a COPY statement and each row's line of COPY text. */
interface CopyTarget {
  sql: string
  line(row: CallRow, line: number): string
}

/** The staging path: every checked row with its file line, into the temporary table. */
const STAGING_COPY: CopyTarget = {
  sql: 'COPY call_staging (line, call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost) FROM STDIN',
  line: (row, line) =>
    `${line}\t${copyText(row.callId)}\t${row.startedAt}\t${row.entryNumber}\t${row.waitSeconds}\t${row.talkSeconds}\t${row.outcome}\t${row.extension ?? '\\N'}\t${row.cost}\n`,
}

const DIRECT_COPY_SQL =
  'COPY call_records (call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost, organisation_id, import_id) FROM STDIN'

/** The fast path: straight into call_records, attributed, and counted for the aggregates. */
function directCopy(importId: number, register: ExtensionRegister, tally: CallTally): CopyTarget {
  return {
    sql: DIRECT_COPY_SQL,
    line(row) {
      const call = tallyCallOf(row)
      const organisationId =
        row.extension === null ? null : register.organisationOn(row.extension, call.localDay)
      tally.add(call, organisationId)
      return copyLineOf(row, organisationId, importId)
    },
  }
}

/** The whole extensions register (tens of thousands of entries at most). */
async function loadRegister(client: pg.Client) {
  const register = new ExtensionRegister()
  const rows = await client.query(
    `SELECT number, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, organisation_id
       FROM extensions`
  )
  for (const row of rows.rows)
    register.add(row.number, row.valid_from, row.valid_to, row.organisation_id)
  return register
}

type CallHeader = Awaited<ReturnType<typeof readHeader<(typeof COLUMNS)[number]['key']>>>

/** One line's fields checked: the converted row, or the line rejected with its errors. */
function checkFields(
  line: number,
  fields: string[],
  raw: string,
  header: CallHeader
): { row: CallRow } | RejectedRow {
  const index = header.indexByKey
  if (
    fields.length > header.headerCount &&
    fields.slice(header.headerCount).some((f) => f.trim() !== '')
  ) {
    const hint =
      header.delimiter === ','
        ? ' – decimalkomma i en kommaavgränsad fil? Spara filen som CSV (semikolonavgränsad)'
        : ''
    return {
      line,
      raw,
      errors: [
        {
          line,
          column: null,
          message: `rad ${line}: raden har ${fields.length} fält men rubrikraden har ${header.headerCount}${hint}.`,
        },
      ],
    }
  }
  if (fields.length < Math.max(...Object.values<number>(index)) + 1) {
    const message = `rad ${line}: raden har ${fields.length} fält men rubrikraden har ${header.headerCount}. Kontrollera avgränsaren (;) och citattecknen på raden.`
    return { line, raw, errors: [{ line, column: null, message }] }
  }
  const parsed = parseCallRow(
    fields[index.callId],
    fields[index.start],
    fields[index.entry],
    fields[index.wait],
    fields[index.talk],
    fields[index.outcome],
    fields[index.extension],
    fields[index.cost]
  )
  if ('errors' in parsed) {
    return {
      line,
      raw,
      errors: parsed.errors.map((error) => ({
        line,
        column: error.column,
        message: `rad ${line}: ${error.message}`,
      })),
    }
  }
  return parsed
}

/** Count a checked line; returns its row when it can be stored. */
function counted(counts: ReadCounts, checked: { row: CallRow } | RejectedRow) {
  counts.read++
  if ('errors' in checked) {
    counts.rejected.push(checked)
    return null
  }
  if (checked.row.ambiguous) counts.ambiguous++
  return checked.row
}

/** Rows and bytes read so far, to the command line's bar and the import's page, twice a second. */
function progressReporter(request: CallImportRequest, info: CsvFileInfo) {
  let last = Date.now()
  return (rows: number, bytes: number) => {
    if (Date.now() - last < 500) return
    last = Date.now()
    request.onProgress?.({ rows, bytes, totalBytes: info.size })
    if (request.importId) {
      void Import.query()
        .where('id', request.importId)
        .update({ processed_rows: rows, processed_bytes: bytes })
        .exec()
        .catch(() => {})
    }
  }
}

/** What reading a file into a COPY found: rows read, rows rejected, times in the repeated hour. */
interface ReadCounts {
  read: number
  rejected: RejectedRow[]
  ambiguous: number
}

/**
 * Run one `COPY … FROM STDIN` while `write` reads the file into it. A problem with the file
 * as a whole (`CsvFileError`) ends the COPY and is returned with what was read so far;
 * any other error aborts the COPY and is thrown — a failed COPY too (a SamtalsID already
 * stored: the caller then takes the staging path).
 */
async function copyFrom(
  client: pg.Client,
  sql: string,
  request: CallImportRequest,
  info: CsvFileInfo,
  write: (copy: ReturnType<typeof copyStreams.from>, counts: ReadCounts) => Promise<void>
) {
  const copy = client.query(copyStreams.from(sql))
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve)
    copy.on('error', reject)
  })
  // a COPY that fails ends the writing (it checks `copy.destroyed`); the error is thrown at `await done`
  done.catch(() => {})
  const counts: ReadCounts = { read: 0, rejected: [], ambiguous: 0 }
  let fileError: ImportMessage | null = null
  try {
    await write(copy, counts)
  } catch (error) {
    if (!(error instanceof CsvFileError)) {
      copy.destroy(error as Error)
      throw error
    }
    fileError = error.toMessage()
  }
  copy.end()
  await done
  request.onProgress?.({ rows: counts.read, bytes: info.size, totalBytes: info.size })
  return { ...counts, fileError }
}

/** Read, check and COPY every row to the target. */
async function stageRows(
  client: pg.Client,
  request: CallImportRequest,
  info: CsvFileInfo,
  header: CallHeader,
  target: CopyTarget
) {
  return copyFrom(client, target.sql, request, info, async (copy, counts) => {
    const progress = progressReporter(request, info)
    let bytes = 0
    for await (const batch of readCsvBatches(request.filePath, info, header.delimiter, {
      onBytes: (count) => (bytes += count),
    })) {
      let out = ''
      for (const { line, fields, raw } of batch) {
        const row = counted(counts, checkFields(line, fields, raw, header))
        if (row) out += target.line(row, line)
      }
      if (copy.destroyed) break
      if (out && !copy.write(out)) await once(copy, 'drain')
      progress(counts.read, bytes)
    }
  })
}

/**
 * The fast path over a file without quotes: lines are found in the bytes and each plain
 * line goes through `readPlainCall` (no strings per field); any other line is decoded and
 * checked like every line of `stageRows`, with the same messages. The COPY data is
 * written into a buffer and sent in pieces while PostgreSQL ingests the previous one.
 */
async function copyPlainFile(
  client: pg.Client,
  request: CallImportRequest,
  info: CsvFileInfo,
  header: CallHeader,
  importId: number,
  register: ExtensionRegister,
  tally: CallTally
) {
  const layout: CallLayout = {
    ...header.indexByKey,
    fields: header.headerCount,
    delimiter: header.delimiter.charCodeAt(0),
  }
  const fieldStarts = new Int32Array(layout.fields + 1)
  const call = newPlainCall()
  const organisationOf = (c: { extension: string | null; localDay: number }) =>
    c.extension === null ? null : register.organisationOn(c.extension, c.localDay)
  const encoding = info.encoding === 'utf-8' ? 'utf8' : 'win1252'
  const progress = progressReporter(request, info)

  return copyFrom(
    client,
    `${DIRECT_COPY_SQL} WITH (FORMAT binary)`,
    request,
    info,
    async (copy, counts) => {
      let out = Buffer.allocUnsafe(1 << 20)
      let position = 0
      let bytes = 0
      let lineNumber = 0

      const readLine = (data: Buffer, start: number, end: number) => {
        if (end > start && data[end - 1] === 0x0d) end--
        if (out.length - position < 3 * (end - start) + 256) {
          out = Buffer.concat([
            out.subarray(0, position),
            Buffer.allocUnsafe(3 * (end - start) + (1 << 16)),
          ])
        }
        const next = readPlainCall(
          data,
          start,
          end,
          layout,
          fieldStarts,
          call,
          out,
          position,
          organisationOf,
          importId
        )
        if (next >= 0) {
          counts.read++
          if (call.ambiguous) counts.ambiguous++
          tally.add(call, call.organisationId)
          position = next
          return
        }
        const raw = iconv.decode(data.subarray(start, end), encoding)
        const fields = raw.split(header.delimiter)
        if (fields.every((field) => field.trim() === '')) return // empty lines are skipped
        const row = counted(counts, checkFields(lineNumber, fields, raw, header))
        if (!row) return
        const tallied = tallyCallOf(row)
        const organisationId = organisationOf(tallied)
        tally.add(tallied, organisationId)
        position = writeCallRecordOf(row, tallied, organisationId, importId, out, position)
      }

      copy.write(BINARY_COPY_HEADER)
      // the unfinished last line of a chunk, copied (so the chunk itself can be freed)
      let carry: Buffer | null = null
      for await (const chunk of createReadStream(request.filePath, {
        start: info.hasBom ? 3 : 0,
        highWaterMark: 1 << 16,
      }) as AsyncIterable<Buffer>) {
        bytes += chunk.length
        let start = 0
        if (carry) {
          const end = chunk.indexOf(0x0a)
          if (end < 0) {
            carry = Buffer.concat([carry, chunk]) // a line longer than a chunk
            start = chunk.length
          } else {
            const line: Buffer = Buffer.concat([carry, chunk.subarray(0, end)])
            carry = null
            if (++lineNumber > 1) readLine(line, 0, line.length)
            start = end + 1
          }
        }
        if (!carry) {
          for (let end = chunk.indexOf(0x0a, start); end >= 0; end = chunk.indexOf(0x0a, start)) {
            if (++lineNumber > 1) readLine(chunk, start, end) // line 1: the header, already read
            start = end + 1
          }
          carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : null
        }
        if (
          carry &&
          carry.length > MAX_LINE_LENGTH &&
          iconv.decode(carry, encoding).length > MAX_LINE_LENGTH
        ) {
          throw new CsvFileError(
            `rad ${lineNumber + 1}: raden är längre än ${MAX_LINE_LENGTH} tecken – filen verkar trasig.`,
            lineNumber + 1
          )
        }
        if (copy.destroyed) break
        if (position > 0) {
          const piece = Buffer.from(out.subarray(0, position))
          position = 0
          if (!copy.write(piece)) await once(copy, 'drain')
        }
        progress(counts.read, bytes)
      }
      if (carry && !copy.destroyed) {
        lineNumber++
        readLine(carry, 0, carry.length)
        if (position > 0) copy.write(Buffer.from(out.subarray(0, position)))
      }
      if (!copy.destroyed) copy.write(BINARY_COPY_TRAILER)
    }
  )
}

/**
 * The fast path's end: add the counted figures to the three aggregates, in bulk. Every
 * copied row was new (or the COPY would have failed), so nothing was a duplicate.
 */
async function addTally(client: pg.Client, tally: CallTally) {
  // every group goes into one temporary table with one COPY (text is cheaper to send and
  // to read than arrays), then one statement per aggregate adds them
  await client.query(`
    CREATE TEMPORARY TABLE call_tally (
      aggregate text NOT NULL, period text NOT NULL, entry_number text, outcome text NOT NULL,
      wait_bucket integer, organisation_id integer, calls integer NOT NULL,
      wait_seconds bigint, talk_seconds bigint, cost_units bigint
    ) ON COMMIT DROP`)
  const copy = client.query(copyStreams.from('COPY call_tally FROM STDIN'))
  const done = once(copy, 'finish')
  done.catch(() => {}) // a failed COPY is thrown at `await done`
  const send = async (aggregate: string, groups: Iterable<Group>) => {
    let text = ''
    for (const group of groups) {
      text += `${aggregate}\t${group.period}\t${group.entryNumber}\t${group.outcome}\t${group.waitBucket}\t${group.organisationId}\t${group.calls}\t${group.waitSeconds}\t${group.talkSeconds}\t${group.cost}\n`
      if (text.length > 1 << 20) {
        if (!copy.write(text)) await once(copy, 'drain')
        text = ''
      }
    }
    if (text && !copy.write(text)) await once(copy, 'drain')
  }
  await send('hourly', tally.hourly)
  await send('daily', tally.daily)
  await send('organisation', tally.byOrganisation)
  copy.end()
  await done
  // Nothing stored yet for these hours and days (a new month, the usual case): plain
  // inserts, about half the work of an upsert. Imports are serialised from here to their
  // commit, so that stays true until this one commits.
  await client.query('SELECT pg_advisory_xact_lock($1)', [AGGREGATES_LOCK])
  const { rows } = await client.query(`
    WITH span AS (
      SELECT to_timestamp(min(period::bigint) * 3600) AS first_hour, to_timestamp(max(period::bigint) * 3600) AS last_hour
        FROM call_tally WHERE aggregate <> 'daily'
    ), days AS (
      SELECT min(period::date) AS first_day, max(period::date) AS last_day FROM call_tally WHERE aggregate = 'daily'
    )
    SELECT NOT EXISTS (SELECT 1 FROM call_hourly, span WHERE hour BETWEEN first_hour AND last_hour)
       AND NOT EXISTS (SELECT 1 FROM call_hourly_org, span WHERE hour BETWEEN first_hour AND last_hour)
       AND NOT EXISTS (SELECT 1 FROM call_daily, days WHERE day BETWEEN first_day AND last_day) AS fresh`)
  const fresh: boolean = rows[0].fresh
  // periods: hours since 1970 (UTC) or the Stockholm date; costs in ten-thousandths of a krona
  for (const [table, key, period] of [
    ['call_hourly', 'hour', 'to_timestamp(period::bigint * 3600)'],
    ['call_daily', 'day', 'period::date'],
  ] as const) {
    await client.query(
      `INSERT INTO ${table} (${key}, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT ${period}, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost_units::numeric / 10000
         FROM call_tally WHERE aggregate = $1
       ${
         fresh
           ? ''
           : `ON CONFLICT (${key}, entry_number, outcome, wait_bucket) DO UPDATE
                 SET calls = ${table}.calls + EXCLUDED.calls,
                     wait_seconds = ${table}.wait_seconds + EXCLUDED.wait_seconds,
                     talk_seconds = ${table}.talk_seconds + EXCLUDED.talk_seconds,
                     cost = ${table}.cost + EXCLUDED.cost`
       }`,
      [key === 'hour' ? 'hourly' : 'daily']
    )
  }
  await client.query(
    `INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls)
     SELECT to_timestamp(period::bigint * 3600), organisation_id, outcome, calls FROM call_tally WHERE aggregate = 'organisation'
     ${fresh ? '' : 'ON CONFLICT (hour, organisation_id, outcome) DO UPDATE SET calls = call_hourly_org.calls + EXCLUDED.calls'}`
  )
  return {
    inserted: tally.calls,
    unattributed: tally.unattributed,
    duplicates: 0,
    conflicts: [] as RejectedRow[],
    unknownExtensions: tally.topUnknownExtensions(),
  }
}

/**
 * Move the staged rows into call_records and call_hourly in one statement. A SamtalsID
 * that is already stored (or repeated in the file) is not inserted; only when that
 * happens are the left-over rows compared with what is stored, to tell duplicates (same
 * content) from conflicts (other content). A fresh month never pays for that join.
 */
async function mergeStaged(client: pg.Client, importId: number) {
  // rows go in in line order, so of two rows with one SamtalsID the earlier line is stored
  await client.query('SELECT pg_advisory_xact_lock($1)', [AGGREGATES_LOCK])
  await client.query(`SET LOCAL work_mem = '64MB'`)
  await client.query('ANALYZE call_staging')
  const merged = await client.query(
    `WITH inserted AS (
       INSERT INTO call_records (call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost, organisation_id, import_id)
       SELECT s.call_id, s.started_at, s.entry_number, s.wait_seconds, s.talk_seconds, s.outcome, s.extension, s.cost, e.organisation_id, $1
         FROM call_staging s
         LEFT JOIN extensions e
           ON e.number = s.extension
          AND ${validOnSql('e', "(s.started_at AT TIME ZONE 'Europe/Stockholm')::date")}
        ORDER BY s.line
       ON CONFLICT (call_id) DO NOTHING
       RETURNING started_at, entry_number, outcome, organisation_id, extension, wait_seconds, talk_seconds, cost
     ),
     aggregated AS (
       INSERT INTO call_hourly (hour, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT date_trunc('hour', started_at), entry_number, outcome, wait_bucket(wait_seconds),
              count(*), sum(wait_seconds), sum(talk_seconds), sum(cost)
         FROM inserted
        GROUP BY 1, 2, 3, 4
       ON CONFLICT (hour, entry_number, outcome, wait_bucket) DO UPDATE
          SET calls = call_hourly.calls + EXCLUDED.calls,
              wait_seconds = call_hourly.wait_seconds + EXCLUDED.wait_seconds,
              talk_seconds = call_hourly.talk_seconds + EXCLUDED.talk_seconds,
              cost = call_hourly.cost + EXCLUDED.cost
       RETURNING 1
     ),
     aggregated_daily AS (
       INSERT INTO call_daily (day, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT (started_at AT TIME ZONE 'Europe/Stockholm')::date, entry_number, outcome, wait_bucket(wait_seconds),
              count(*), sum(wait_seconds), sum(talk_seconds), sum(cost)
         FROM inserted
        GROUP BY 1, 2, 3, 4
       ON CONFLICT (day, entry_number, outcome, wait_bucket) DO UPDATE
          SET calls = call_daily.calls + EXCLUDED.calls,
              wait_seconds = call_daily.wait_seconds + EXCLUDED.wait_seconds,
              talk_seconds = call_daily.talk_seconds + EXCLUDED.talk_seconds,
              cost = call_daily.cost + EXCLUDED.cost
       RETURNING 1
     ),
     aggregated_org AS (
       INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls)
       SELECT date_trunc('hour', started_at), organisation_id, outcome, count(*)
         FROM inserted
        WHERE organisation_id IS NOT NULL
        GROUP BY 1, 2, 3
       ON CONFLICT (hour, organisation_id, outcome) DO UPDATE SET calls = call_hourly_org.calls + EXCLUDED.calls
       RETURNING 1
     ),
     unknown AS (
       SELECT extension, count(*) AS calls FROM inserted
        WHERE extension IS NOT NULL AND organisation_id IS NULL
        GROUP BY extension ORDER BY count(*) DESC, extension LIMIT 20
     )
     SELECT (SELECT count(*) FROM inserted)::int AS inserted,
            (SELECT count(*) FROM inserted WHERE extension IS NOT NULL AND organisation_id IS NULL)::int AS unattributed,
            (SELECT count(*) FROM aggregated)::int + (SELECT count(*) FROM aggregated_daily)::int
              + (SELECT count(*) FROM aggregated_org)::int AS aggregate_rows,
            (SELECT count(*) FROM call_staging)::int AS staged,
            (SELECT coalesce(json_agg(extension || ' (' || calls || ')'), '[]') FROM unknown) AS unknown`,
    [importId]
  )
  const { inserted, unattributed, staged, unknown } = merged.rows[0]
  let conflicts: RejectedRow[] = []
  if (inserted < staged) {
    const rows = await client.query(
      `SELECT s.line, s.call_id, CASE WHEN c.import_id = $1 THEN 'tidigare rad i filen' ELSE 'import nr ' || c.import_id END AS source,
              to_char(c.started_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI:SS') AS stored_start, c.outcome AS stored_outcome
         FROM call_staging s JOIN call_records c ON c.call_id = s.call_id
        WHERE (c.started_at, c.entry_number, c.wait_seconds, c.talk_seconds, c.outcome, c.extension, c.cost)
              IS DISTINCT FROM (s.started_at, s.entry_number, s.wait_seconds, s.talk_seconds, s.outcome, s.extension, s.cost)
        ORDER BY s.line`,
      [importId]
    )
    conflicts = rows.rows.map((row) => ({
      line: row.line,
      raw: row.call_id,
      errors: [
        {
          line: row.line,
          column: 'SamtalsID',
          message:
            `rad ${row.line}: SamtalsID "${row.call_id}" finns redan (${row.source}: start ${row.stored_start}, ${row.stored_outcome}) ` +
            'med annat innehåll; samma samtal kan inte ha två olika uppgifter.',
        },
      ],
    }))
  }
  return {
    inserted,
    unattributed,
    duplicates: staged - inserted - conflicts.length,
    conflicts,
    unknownExtensions: unknown as string[],
  }
}
