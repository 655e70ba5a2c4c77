/**
 * The byte splitter of the call-record fast path (FORMATS.md "calls"): the file decoded
 * and cut into lines by hand, in batches of raw field arrays with their file line numbers.
 * The other two tokenisers of the CSV reader — the header splitter and the csv-parse record
 * reader — stay in csv_reader.ts, with the file inspection they share.
 */
import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import { CsvFileError, MAX_LINE_LENGTH, type CsvFileInfo } from '#services/csv_reader'

/**
 * The fast path for very large files (call records): lines are split without csv-parse
 * and handed over in batches of raw field arrays, with their file line numbers. Quoted
 * fields (including line breaks inside quotes) are handled; the common unquoted line
 * costs one `split`. Empty lines and lines of only delimiters are skipped.
 */
export async function* readCsvBatches(
  path: string,
  info: CsvFileInfo,
  delimiter: string,
  options: { batchSize?: number; onBytes?: (bytes: number) => void } = {}
): AsyncGenerator<{ line: number; fields: string[]; raw: string }[]> {
  const batchSize = options.batchSize ?? 5000
  const bytes = createReadStream(path, { start: info.hasBom ? 3 : 0, highWaterMark: 1 << 15 })
  const decoder = iconv.getDecoder(info.encoding === 'utf-8' ? 'utf8' : 'win1252')
  let carry = ''
  let lineNumber = 0
  let pending: { start: number; text: string } | null = null
  let batch: { line: number; fields: string[]; raw: string }[] = []
  let first = true

  const take = (text: string, start: number) => {
    const fields = text.includes('"') ? parseQuoted(text, delimiter) : text.split(delimiter)
    if (fields === null) return false
    if (fields.every((field) => field.trim() === '')) return true
    batch.push({ line: start, fields, raw: text })
    return true
  }

  const consume = (text: string) => {
    let position = 0
    while (true) {
      const end = text.indexOf('\n', position)
      if (end < 0) break
      let line = text.slice(position, end)
      if (line.endsWith('\r')) line = line.slice(0, -1)
      position = end + 1
      lineNumber++
      if (first) {
        first = false // the header row, already read
        continue
      }
      if (pending) {
        pending.text += '\n' + line
        if (take(pending.text, pending.start)) pending = null
        continue
      }
      if (!take(line, lineNumber)) pending = { start: lineNumber, text: line }
      if (pending && pending.text.length > MAX_LINE_LENGTH) {
        throw new CsvFileError(
          `rad ${pending.start}: ett citerat fält tar aldrig slut – kontrollera citattecknen (").`,
          pending.start
        )
      }
    }
    return text.slice(position)
  }

  for await (const chunk of bytes as AsyncIterable<Buffer>) {
    options.onBytes?.(chunk.length)
    carry = consume(carry + decoder.write(chunk))
    if (carry.length > MAX_LINE_LENGTH) {
      throw new CsvFileError(
        `rad ${lineNumber + 1}: raden är längre än ${MAX_LINE_LENGTH} tecken – filen verkar trasig.`,
        lineNumber + 1
      )
    }
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  const rest = carry + (decoder.end() ?? '')
  if (rest.length > 0) consume(rest + '\n')
  const unclosed = pending as { start: number } | null
  if (unclosed) {
    throw new CsvFileError(
      `rad ${unclosed.start}: ett citerat fält tar aldrig slut – kontrollera citattecknen (").`,
      unclosed.start
    )
  }
  if (batch.length > 0) yield batch
}

/** Split one record with quoted fields (RFC 4180). null: a quote is still open. */
function parseQuoted(text: string, delimiter: string): string[] | null {
  const fields: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          current += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        current += char
      }
    } else if (char === '"' && current === '') {
      quoted = true
    } else if (char === delimiter) {
      fields.push(current)
      current = ''
    } else {
      current += char
    }
  }
  if (quoted) return null
  fields.push(current)
  return fields
}
