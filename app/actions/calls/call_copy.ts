/**
 * The call import's COPY plumbing (app/actions/calls/import_calls.ts): the retention guard,
 * the fast path's direct COPY into `call_records` and the staging path's COPY into a
 * temporary table, the row checks on the way and the plain-file fallback.
 */
import { readCsvBatches } from '#services/csv_batches'
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import type pg from 'pg'
import copyStreams from 'pg-copy-streams'
import Import from '#models/import'
import {
  CsvFileError,
  MAX_LINE_LENGTH,
  type readHeader,
  type CsvFileInfo,
  type ImportMessage,
} from '#services/csv_reader'
import { parseCallRow, type CallRow } from '#domain/call_rows'
import { type CallTally, ExtensionRegister, tallyCallOf } from '#domain/call_tally'
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

/**
 * Rows are sent to COPY in pieces of about this many, each ordered by start time. Fewer
 * than a month's calls, so the primary key (ids in file order) stays within a narrow
 * range; enough to put the start times of a piece in order (ADR 0032 §4c).
 */
const SORTED_ROWS = 16_384
/** held at most: a piece, and the lines of one more 64 KiB read (and a carried line) */
const MAX_HELD_ROWS = SORTED_ROWS + (1 << 16) + 2
/** a row's place in its piece, below its start time in the sort key */
const ROW_SPACE = 2 ** 17

/**
 * The fast path over a file without quotes: lines are found in the bytes and each plain
 * line goes through `readPlainCall` (no strings per field); any other line is decoded and
 * checked like every line of `stageRows`, with the same messages. The COPY data is
 * written into a buffer and sent in pieces of ~16 000 rows, each ordered by start time,
 * while PostgreSQL ingests the previous one.
 */
export async function copyPlainFile(
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
      let out = Buffer.allocUnsafe(1 << 22)
      let position = 0
      let bytes = 0
      let lineNumber = 0
      // the rows in `out` not sent yet: where each starts, and its start time in seconds
      const rowStarts = new Int32Array(MAX_HELD_ROWS + 1)
      const times = new Float64Array(MAX_HELD_ROWS)
      const keys = new Float64Array(MAX_HELD_ROWS)
      let rows = 0
      const hold = (utcMs: number, start: number) => {
        rowStarts[rows] = start
        times[rows++] = Math.floor(utcMs / 1000)
      }

      /**
       * Send the rows held, ordered by start time (ties in file order): the call list's
       * B-tree on (started_at, call_id) then takes each piece's keys in ascending order
       * instead of at random places (ADR 0032 §4c). The rows are the same; only the order
       * in which they reach the table differs.
       */
      const send = async () => {
        if (rows === 0) return
        rowStarts[rows] = position
        let [first, last] = [Infinity, -Infinity]
        let ordered = true
        for (let i = 0; i < rows; i++) {
          if (times[i] < first) first = times[i]
          if (times[i] > last) last = times[i]
          if (i > 0 && times[i] < times[i - 1]) ordered = false
        }
        let piece: Buffer
        if (!ordered && (last - first) * ROW_SPACE < 2 ** 52) {
          const sorted = keys.subarray(0, rows)
          for (let i = 0; i < rows; i++) sorted[i] = (times[i] - first) * ROW_SPACE + i
          sorted.sort()
          piece = Buffer.allocUnsafe(position)
          let p = 0
          for (const key of sorted) {
            const row = key % ROW_SPACE
            p += out.copy(piece, p, rowStarts[row], rowStarts[row + 1])
          }
        } else {
          piece = Buffer.from(out.subarray(0, position)) // in order already, or centuries apart
        }
        rows = 0
        position = 0
        if (!copy.write(piece)) await once(copy, 'drain')
      }

      const readLine = (data: Buffer, start: number, end: number) => {
        if (end > start && data[end - 1] === 0x0d) end--
        if (out.length - position < 3 * (end - start) + 256) {
          out = Buffer.concat([
            out.subarray(0, position),
            Buffer.allocUnsafe(Math.max(out.length, 3 * (end - start) + (1 << 16))),
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
          hold(call.utcMs, position)
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
        hold(tallied.utcMs, position)
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
        if (rows >= SORTED_ROWS) await send()
        progress(counts.read, bytes)
      }
      if (carry && !copy.destroyed) {
        lineNumber++
        readLine(carry, 0, carry.length)
      }
      if (!copy.destroyed) await send()
      if (!copy.destroyed) copy.write(BINARY_COPY_TRAILER)
    }
  )
}
