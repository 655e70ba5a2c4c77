/**
 * The one CSV reader behind every import (FORMATS.md, "Common CSV rules").
 *
 * - one pass over the bytes first: SHA-256 checksum, encoding (UTF-8 with or without BOM,
 *   otherwise Windows-1252 as Excel writes "CSV (semikolonavgränsad)"; a file with both is
 *   refused naming a line of each), binary check;
 * - then a streaming parse (csv-parse) that never holds the file in memory: delimiter from
 *   the header row (`;`, or `,`/TAB when the header uses only that one), header names
 *   matched case-, space- and å/ä/ö-insensitively, empty lines skipped, the file line
 *   number kept for every record.
 *
 * Problems with the file as a whole (no header, missing columns, broken quoting, binary
 * data, a line over the size limit) are thrown as `CsvFileError`; per-row problems are the
 * importer's business and are reported through `rowError()` with the same wording.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import iconv from 'iconv-lite'
import { matchHeaderColumns, quoteValue } from '#domain/swedish_csv'
import { hasUtf8Letters, looksBinary, mixedEncodingLines } from '#services/csv_encoding'

export type CsvEncoding = 'utf-8' | 'windows-1252'

export interface ImportMessage {
  line: number | null
  column: string | null
  message: string
}

export interface CsvColumn<Key extends string = string> {
  key: Key
  /** the column's name as FORMATS.md writes it, used in messages */
  header: string
  required?: boolean
}

export interface CsvFileInfo {
  size: number
  checksum: string
  encoding: CsvEncoding
  hasBom: boolean
  /** the file has a double quote somewhere (fields may be quoted, even span lines) */
  hasQuotes: boolean
}

export interface CsvRecord<Key extends string> {
  line: number
  values: Record<Key, string>
  /** set when the row cannot be split into the header's columns */
  error?: ImportMessage
}

/** The longest line we accept (characters). Real rows are well under 1 000. */
export const MAX_LINE_LENGTH = 100_000

export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly column: string | null = null
  ) {
    super(message)
  }

  toMessage(): ImportMessage {
    return { line: this.line, column: this.column, message: this.message }
  }
}

/** The Swedish sentence for a field error: `rad 17: Väntetid "12s" är inte ett heltal`. */
export function rowError(
  line: number,
  column: string,
  raw: string,
  problem: string
): ImportMessage {
  const subject = raw.trim() === '' ? column : `${column} ${quoteValue(raw)}`
  return { line, column, message: `rad ${line}: ${subject} ${problem}` }
}

/** A row error that is not about a single field value. */
export function lineError(line: number, column: string | null, message: string): ImportMessage {
  return { line, column, message: `rad ${line}: ${message}` }
}

/**
 * First pass: checksum, size and encoding. A file that is not valid UTF-8 is read as
 * Windows-1252 — the encoding Swedish Excel uses — so å/ä/ö never become mojibake.
 */
export async function inspectFile(path: string): Promise<CsvFileInfo> {
  const { size } = await stat(path)
  if (size === 0) throw new CsvFileError('Filen är tom.')
  const hash = createHash('sha256')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let utf8 = true
  let first = true
  let hasBom = false
  let hasQuotes = false
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    hasQuotes ||= chunk.includes(0x22)
    if (first) {
      first = false
      hasBom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new CsvFileError(
          'Filen är sparad som UTF-16 ("Unicode-text"). Spara den från Excel som ' +
            '"CSV (semikolonavgränsad)" eller "CSV UTF-8" och läs in den igen.'
        )
      }
      const head = chunk.subarray(0, 8192)
      if (head.includes(0) || looksBinary(head)) {
        throw new CsvFileError(
          'Filen ser inte ut att vara en CSV-textfil (den innehåller binära data). ' +
            'Spara den från Excel som "CSV (semikolonavgränsad)".'
        )
      }
    }
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true })
      } catch {
        utf8 = false
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode()
    } catch {
      utf8 = false
    }
  }
  // not UTF-8: Windows-1252 — unless part of it is UTF-8 (rows pasted from another file),
  // which either way would turn some å/ä/ö into mojibake
  const mixed =
    utf8 || !(hasBom || (await hasUtf8Letters(path)))
      ? null
      : await mixedEncodingLines(path, hasBom)
  if (mixed) {
    throw new CsvFileError(
      `Filen blandar teckenkodningar: rad ${mixed.utf8Line} har tecken som å, ä, ö i UTF-8 ` +
        `men rad ${mixed.win1252Line} i Windows-1252 (troligen inklistrat från en annan fil). ` +
        'Spara hela filen på nytt från Excel som "CSV UTF-8" och läs in den igen.',
      Math.max(mixed.utf8Line, mixed.win1252Line)
    )
  }
  return {
    size,
    checksum: hash.digest('hex'),
    encoding: utf8 ? 'utf-8' : 'windows-1252',
    hasBom,
    hasQuotes,
  }
}

/** Choose the delimiter from the header line (quoted parts ignored). */
export function detectDelimiter(headerLine: string): string | null {
  const unquoted = headerLine.replace(/"[^"]*"/g, '')
  if (unquoted.includes(';')) return ';'
  const hasComma = unquoted.includes(',')
  const hasTab = unquoted.includes('\t')
  if (hasComma && !hasTab) return ','
  if (hasTab && !hasComma) return '\t'
  return null
}

/** A decoded text stream of the file (BOM removed). */
function textStream(path: string, info: CsvFileInfo) {
  const bytes = createReadStream(path, { start: info.hasBom ? 3 : 0, highWaterMark: 1 << 16 })
  const decoder = iconv.getDecoder(info.encoding === 'utf-8' ? 'utf8' : 'win1252')
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, decoder.write(chunk))
    },
    flush(callback) {
      const rest = decoder.end()
      callback(null, rest || undefined)
    },
  })
  bytes.on('error', (error) => decode.destroy(error))
  return bytes.pipe(decode)
}

/** Read up to the first line break without loading the file. */
async function readHeaderLine(path: string, info: CsvFileInfo) {
  let text = ''
  for await (const chunk of textStream(path, info)) {
    text += chunk
    const end = text.search(/\r?\n/)
    if (end >= 0) return text.slice(0, end)
    if (text.length > MAX_LINE_LENGTH) {
      throw new CsvFileError(`rad 1: rubrikraden är längre än ${MAX_LINE_LENGTH} tecken.`, 1)
    }
  }
  return text
}

export interface CsvReadResult<Key extends string> {
  info: CsvFileInfo
  delimiter: string
  /** header names as they stand in the file, by key */
  headers: Record<Key, string>
  records: AsyncGenerator<CsvRecord<Key>>
}

export interface CsvHeader<Key extends string> {
  delimiter: string
  /** position of each column in a row (-1: optional column not in the file) */
  indexByKey: Record<Key, number>
  headerCount: number
}

/**
 * Find the delimiter and the columns in the header row. Throws `CsvFileError` naming the
 * missing columns.
 */
export async function readHeader<Key extends string>(
  path: string,
  columns: readonly CsvColumn<Key>[],
  info: CsvFileInfo
): Promise<CsvHeader<Key>> {
  const headerLine = await readHeaderLine(path, info)
  if (headerLine.trim() === '') {
    throw new CsvFileError(
      'rad 1: rubrikraden saknas – första raden ska innehålla kolumnnamnen.',
      1
    )
  }
  const delimiter = detectDelimiter(headerLine)
  const expected = columns.filter((column) => column.required !== false).map((c) => c.header)
  if (!delimiter) {
    throw new CsvFileError(
      `rad 1: hittar ingen avgränsare i rubrikraden. Kolumnerna ska skiljas åt med semikolon (;), ` +
        `t.ex. ${expected.join(';')}.`,
      1
    )
  }
  const names = splitHeader(headerLine, delimiter)
  const { indexByKey, missing } = matchHeaderColumns(names, columns)
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ')
    const found = names.filter((name) => name.trim() !== '').map((n) => `"${n.trim()}"`)
    throw new CsvFileError(
      `rad 1: ${missing.length === 1 ? 'kolumnen' : 'kolumnerna'} ${list} saknas i rubrikraden. ` +
        `Rubrikraden innehåller ${found.join(', ') || 'inga kolumnnamn'}` +
        (delimiter !== ';' && names.length === 1
          ? ' – är filen avgränsad med semikolon (;)?'
          : '.'),
      1,
      missing.join(', ')
    )
  }
  return { delimiter, indexByKey, headerCount: names.length }
}

/**
 * Open a CSV file for reading: checks the header and returns the records as an async
 * stream. Throws `CsvFileError` for problems with the file as a whole.
 */
export async function openCsv<Key extends string>(
  path: string,
  columns: readonly CsvColumn<Key>[],
  info?: CsvFileInfo
): Promise<CsvReadResult<Key>> {
  info ??= await inspectFile(path)
  const { delimiter, indexByKey, headerCount } = await readHeader(path, columns, info)
  const headers = Object.fromEntries(columns.map((c) => [c.key, c.header])) as Record<Key, string>
  return {
    info,
    delimiter,
    headers,
    records: readRecords(path, info, delimiter, columns, indexByKey, headerCount),
  }
}

/** The names of a header row split at its delimiter (quotes honoured). */
export function splitHeader(line: string, delimiter: string) {
  const fields: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"'
        i++
      } else {
        quoted = !quoted
      }
    } else if (char === delimiter && !quoted) {
      fields.push(current)
      current = ''
    } else {
      current += char
    }
  }
  fields.push(current)
  return fields
}

async function* readRecords<Key extends string>(
  path: string,
  info: CsvFileInfo,
  delimiter: string,
  columns: readonly CsvColumn<Key>[],
  indexByKey: Record<Key, number>,
  headerCount: number
): AsyncGenerator<CsvRecord<Key>> {
  const parser = textStream(path, info).pipe(
    parse({
      delimiter,
      from_line: 2,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: MAX_LINE_LENGTH,
      info: true,
    })
  )
  const needed = Math.max(...Object.values<number>(indexByKey)) + 1
  try {
    for await (const { record, info: recordInfo } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      const line = recordInfo.lines
      if (
        record.length > headerCount &&
        record.slice(headerCount).some((field) => field.trim() !== '')
      ) {
        const error = lineError(
          line,
          null,
          `raden har ${record.length} fält men rubrikraden har ${headerCount}` +
            (delimiter === ','
              ? ' – decimalkomma i en kommaavgränsad fil? Spara filen som CSV (semikolonavgränsad).'
              : '.')
        )
        yield { line, values: {} as Record<Key, string>, error }
        continue
      }
      if (record.length < needed) {
        const error = lineError(
          line,
          null,
          `raden har ${record.length} fält men rubrikraden har ${headerCount}. ` +
            'Kontrollera avgränsaren (;) och citattecknen på raden.'
        )
        yield { line, values: {} as Record<Key, string>, error }
        continue
      }
      const values = {} as Record<Key, string>
      for (const column of columns) {
        const index = indexByKey[column.key]
        values[column.key] = index >= 0 ? (record[index] ?? '') : ''
      }
      yield { line, values }
    }
  } catch (error) {
    throw toFileError(error)
  }
}

function toFileError(error: unknown) {
  if (error instanceof CsvFileError) return error
  const csvError = error as { code?: string; lines?: number; message?: string }
  const line = csvError.lines ?? null
  switch (csvError.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError(
        `rad ${line}: raden är längre än ${MAX_LINE_LENGTH} tecken – filen verkar trasig.`,
        line
      )
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CsvFileError(
        `rad ${line}: felaktiga citattecken (") – ett fält som börjar med " måste sluta med " ` +
          'och citattecken inne i fältet skrivs "".',
        line
      )
    default:
      return error instanceof Error ? error : new Error(String(error))
  }
}
