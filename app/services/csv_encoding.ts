/**
 * Byte-level checks of a CSV file's encoding for the CSV reader (app/services/csv_reader.ts,
 * `inspectFile`): whether a file that is not valid UTF-8 still holds UTF-8 letters (rows pasted
 * from another file), the first line of each encoding, and whether the head looks binary.
 * Native searches and one streaming pass each: a large file is never held in memory.
 */
import { createReadStream } from 'node:fs'

/**
 * The bytes of one UTF-8 sequence starting at `at`: its length, 0 when it is not one (a
 * Windows-1252 character), or -1 when the buffer ends before it does.
 */
function utf8SequenceAt(bytes: Buffer, at: number) {
  const lead = bytes[at]
  const size =
    lead >= 0xc2 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf4
          ? 4
          : 0
  if (size === 0) return 0
  for (let next = at + 1; next < at + size; next++) {
    if (next >= bytes.length) return -1
    if ((bytes[next] & 0xc0) !== 0x80) return 0
  }
  return size
}

/**
 * Whether the file holds a UTF-8 letter or punctuation mark (lead byte C3 or E2, which read
 * as Windows-1252 are `Ã`/`â` followed by more signs: mojibake, never written on purpose).
 * Native searches only, so a large Windows-1252 file costs little more than one read.
 */
export async function hasUtf8Letters(path: string) {
  for await (const bytes of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    for (const lead of [0xc3, 0xe2]) {
      for (let at = bytes.indexOf(lead); at !== -1; at = bytes.indexOf(lead, at + 1)) {
        if (utf8SequenceAt(bytes, at) !== 0) return true
      }
    }
  }
  return false
}

/**
 * For a file that is not valid UTF-8: the first line holding a UTF-8 letter or punctuation
 * mark (`Ã¥`, `â€“` if read as Windows-1252 — never written on purpose) and the first line
 * holding a byte that is not UTF-8; null unless the file has both. A BOM counts as UTF-8.
 */
export async function mixedEncodingLines(path: string, hasBom: boolean) {
  let line = 1
  let utf8Line: number | null = hasBom ? 1 : null
  let win1252Line: number | null = null
  let carry: Buffer | null = null
  for await (const piece of createReadStream(path, {
    start: hasBom ? 3 : 0,
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    const bytes: Buffer = carry ? Buffer.concat([carry, piece]) : piece
    carry = null
    for (let at = 0; at < bytes.length;) {
      const byte = bytes[at]
      if (byte < 0x80) {
        if (byte === 0x0a) line++
        at++
        continue
      }
      const size = utf8SequenceAt(bytes, at)
      if (size === -1) {
        carry = bytes.subarray(at)
        break
      }
      if (size > 0) {
        if (byte === 0xc3 || byte === 0xe2) utf8Line ??= line
        at += size
      } else {
        win1252Line ??= line
        at++
      }
      if (utf8Line !== null && win1252Line !== null) return { utf8Line, win1252Line }
    }
  }
  // a sequence cut off by the end of the file is not UTF-8
  if (carry) win1252Line ??= line
  return utf8Line !== null && win1252Line !== null ? { utf8Line, win1252Line } : null
}

export function looksBinary(head: Buffer) {
  let control = 0
  for (const byte of head) {
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++
  }
  return control > head.length * 0.05
}
