/**
 * The call import's COPY plumbing (app/actions/calls/import_calls.ts): the retention guard,
 * the fast path's direct COPY into `call_records` and the staging path's COPY into a
 * temporary table and the row checks on the way (the plain-file path: copy_plain_file.ts).
 */
import { readCsvBatches } from '#services/csv_batches'
import { once } from 'node:events'
import type pg from 'pg'
import copyStreams from 'pg-copy-streams'
import Import from '#models/import'
import {
  CsvFileError,
  type readHeader,
  type CsvFileInfo,
  type ImportMessage,
} from '#services/csv_reader'
import { parseCallRow, type CallRow } from '#domain/call_rows'
import { type CallTally, ExtensionRegister, tallyCallOf } from '#domain/call_tally'
import { copyLineOf, copyText } from '#domain/plain_call'
import {
  type COLUMNS,
  type CallImportRequest,
  type RejectedRow,
} from '#actions/calls/call_import_parts'

export const UNIQUE_VIOLATION = '23505'

/**
 * Calls from before the latest retention cutoff were counted once and their raw rows
 * removed (app/actions/retention/apply_retention.ts): counting them again would double
 * the aggregates, so such a file is refused. The Swedish message, or null.
 */
export async function retainedFromDay(client: pg.Client, tally: CallTally | null) {
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
export async function earliestStagedDay(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query(
    `SELECT to_char(min(started_at) AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') AS day FROM call_staging`
  )
  return rows[0].day
}
/** pg_advisory_xact_lock key: call imports add to the aggregates one at a time */
export const AGGREGATES_LOCK = 4_711_001

/** Where checked rows go: a COPY statement and each row's line of COPY text. */
export interface CopyTarget {
  sql: string
  line(row: CallRow, line: number): string
}

/** The staging path: every checked row with its file line, into the temporary table. */
export const STAGING_COPY: CopyTarget = {
  sql: 'COPY call_staging (line, call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost) FROM STDIN',
  line: (row, line) =>
    `${line}\t${copyText(row.callId)}\t${row.startedAt}\t${row.entryNumber}\t${row.waitSeconds}\t${row.talkSeconds}\t${row.outcome}\t${row.extension ?? '\\N'}\t${row.cost}\n`,
}

export const DIRECT_COPY_SQL =
  'COPY call_records (call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost, organisation_id, import_id) FROM STDIN'

/** The fast path: straight into call_records, attributed, and counted for the aggregates. */
export function directCopy(
  importId: number,
  register: ExtensionRegister,
  tally: CallTally
): CopyTarget {
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
export async function loadRegister(client: pg.Client) {
  const register = new ExtensionRegister()
  const rows = await client.query(
    `SELECT number, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, organisation_id
       FROM extensions`
  )
  for (const row of rows.rows)
    register.add(row.number, row.valid_from, row.valid_to, row.organisation_id)
  return register
}

export type CallHeader = Awaited<ReturnType<typeof readHeader<(typeof COLUMNS)[number]['key']>>>

/** One line's fields checked: the converted row, or the line rejected with its errors. */
export function checkFields(
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
export function counted(counts: ReadCounts, checked: { row: CallRow } | RejectedRow) {
  counts.read++
  if ('errors' in checked) {
    counts.rejected.push(checked)
    return null
  }
  if (checked.row.ambiguous) counts.ambiguous++
  return checked.row
}

/** Rows and bytes read so far, to the command line's bar and the import's page, twice a second. */
export function progressReporter(request: CallImportRequest, info: CsvFileInfo) {
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
export interface ReadCounts {
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
export async function copyFrom(
  client: pg.Client,
  sql: string,
  request: CallImportRequest,
  info: CsvFileInfo,
  write: (copy: ReturnType<typeof copyStreams.from>, counts: ReadCounts) => Promise<void>
) {
  const copy = client.query(copyStreams.from(sql))
  // The server's refusal (e.g. a SamtalsID already stored). pg-copy-streams then drops its
  // connection without marking the stream destroyed, so a write still under way fails with
  // a TypeError of the library; the server's error is the one the caller must see.
  let refusal: unknown = null
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve)
    copy.on('error', (error) => {
      refusal ??= error
      reject(error)
    })
  })
  // a COPY that fails ends the writing (it checks `copy.destroyed`); the error is thrown at `await done`
  done.catch(() => {})
  const counts: ReadCounts = { read: 0, rejected: [], ambiguous: 0 }
  let fileError: ImportMessage | null = null
  try {
    await write(copy, counts)
  } catch (error) {
    if (refusal !== null) throw refusal
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
export async function stageRows(
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
