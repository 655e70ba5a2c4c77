/**
 * The call import's fast path over a file without quotes (app/actions/calls/import_calls.ts,
 * docs/adr/0009, ADR 0032 §4c): bytes split into lines here, plain lines read without a
 * string per field, binary COPY rows sent straight into `call_records` in pieces ordered by
 * start time; every other line goes through the same checks as the staging path
 * (call_copy.ts), with the same messages.
 */
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import type pg from 'pg'
import { CsvFileError, MAX_LINE_LENGTH, type CsvFileInfo } from '#services/csv_reader'
import { type CallTally, type ExtensionRegister, tallyCallOf } from '#domain/call_tally'
import {
  BINARY_COPY_HEADER,
  BINARY_COPY_TRAILER,
  newPlainCall,
  readPlainCall,
  writeCallRecordOf,
  type CallLayout,
} from '#domain/plain_call'
import type { CallImportRequest } from '#actions/calls/call_import_parts'
import {
  DIRECT_COPY_SQL,
  checkFields,
  copyFrom,
  counted,
  progressReporter,
  type CallHeader,
} from '#actions/calls/call_copy'

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
