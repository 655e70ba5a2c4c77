/**
 * The fast reading of one call line in its plain form — what the supplier's system and
 * Excel write for every ordinary call: no quotes, ASCII only, `YYYY-MM-DD HH:MM:SS` in
 * Stockholm time, whole seconds, a known outcome, at most 4 decimals (comma or point).
 * The bytes are read in place and the row is written straight into an output buffer in
 * PostgreSQL's binary COPY format (which PostgreSQL reads a fifth faster than text: no
 * timestamps or decimals to parse): no string per field, no garbage for a million rows.
 *
 * Anything else — a quote, a non-ASCII byte, spaces, another time form, a value out of
 * range, the spring-forward gap — returns false, and the caller reads that line with
 * `parseCallRow` (app/domain/call_rows.ts), which gives the Swedish message or accepts the
 * less usual form. So this never decides that a line is wrong, and for every line it
 * accepts it gives exactly what `parseCallRow` gives (tests/unit/plain_call.spec.ts).
 */
import type { CallOutcome, CallRow } from '#domain/call_rows'
import type { TallyCall } from '#domain/call_tally'
import { stockholmToUtc } from '#domain/stockholm_time'

/** Where each column is in a line, by field index, and the field count of the header. */
export interface CallLayout {
  callId: number
  start: number
  entry: number
  wait: number
  talk: number
  outcome: number
  extension: number
  cost: number
  fields: number
  /** the delimiter's byte */
  delimiter: number
}

/** A call as the plain reader fills it (one object, reused for every line). */
export interface PlainCall extends TallyCall {
  ambiguous: boolean
  organisationId: number | null
}

export function newPlainCall(): PlainCall {
  return {
    utcMs: 0,
    localDay: 0,
    entryNumber: '',
    outcome: 'besvarat',
    waitSeconds: 0,
    talkSeconds: 0,
    extension: null,
    costUnits: 0,
    ambiguous: false,
    organisationId: null,
  }
}

/** COPY text format: backslash, tab and line breaks must be escaped. */
export function copyText(value: string) {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value
}

/**
 * The same COPY line for a row read the slower way (`parseCallRow`): call_id, started_at,
 * entry_number, wait, talk, outcome, extension, cost, organisation_id, import_id.
 */
export function copyLineOf(row: CallRow, organisationId: number | null, importId: number) {
  return `${copyText(row.callId)}\t${row.startedAt}\t${row.entryNumber}\t${row.waitSeconds}\t${row.talkSeconds}\t${row.outcome}\t${row.extension ?? '\\N'}\t${row.cost}\t${organisationId ?? '\\N'}\t${importId}\n`
}

/** Binary COPY: the signature, no flags, no header extension … and the end marker. */
export const BINARY_COPY_HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8),
])
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff])

const CALL_RECORD_FIELDS = 10
/** PostgreSQL counts time in microseconds from 2000-01-01 UTC */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1)

function writeInt64(value: number, out: Buffer, position: number) {
  const high = Math.floor(value / 2 ** 32)
  out.writeInt32BE(high, position)
  out.writeUInt32BE(value - high * 2 ** 32, position + 4)
  return position + 8
}

/** A numeric with 4 decimals from ten-thousandths, in base-10 000 digits (< 10^12 units). */
function writeNumeric(units: number, out: Buffer, position: number) {
  const whole = Math.floor(units / 10_000)
  const base10000Digits =
    whole >= 10_000
      ? [Math.floor(whole / 10_000), whole % 10_000, units % 10_000]
      : whole > 0
        ? [whole, units % 10_000]
        : [units % 10_000]
  let p = out.writeInt32BE(8 + 2 * base10000Digits.length, position)
  p = out.writeInt16BE(base10000Digits.length, p)
  p = out.writeInt16BE(base10000Digits.length - 2, p) // weight: the first digit's power of 10 000
  p = out.writeInt16BE(0, p) // sign: positive
  p = out.writeInt16BE(4, p) // display scale
  for (const digit of base10000Digits) p = out.writeInt16BE(digit, p)
  return p
}

/** A text field from [start, end) of `from`, or NULL. */
function writeText(from: Buffer | null, start: number, end: number, out: Buffer, position: number) {
  if (from === null) return out.writeInt32BE(-1, position)
  const p = out.writeInt32BE(end - start, position)
  return copy(from, start, end, out, p)
}

function writeInt32Field(value: number | null, out: Buffer, position: number) {
  if (value === null) return out.writeInt32BE(-1, position)
  return out.writeInt32BE(value, out.writeInt32BE(4, position))
}

/**
 * One call_records row in binary COPY: call_id, started_at, entry_number, wait_seconds,
 * talk_seconds, outcome, extension, cost, organisation_id, import_id. Text fields come as
 * byte ranges (of the file line, or of a string's UTF-8).
 */
function writeCallRecord(
  out: Buffer,
  position: number,
  id: Buffer,
  idStart: number,
  idEnd: number,
  utcMs: number,
  entry: Buffer,
  entryStart: number,
  entryEnd: number,
  waitSeconds: number,
  talkSeconds: number,
  outcome: number,
  extension: Buffer | null,
  extensionStart: number,
  extensionEnd: number,
  costUnits: number,
  organisationId: number | null,
  importId: number
) {
  let p = out.writeInt16BE(CALL_RECORD_FIELDS, position)
  p = writeText(id, idStart, idEnd, out, p)
  p = writeInt64((utcMs - PG_EPOCH_MS) * 1000, out, out.writeInt32BE(8, p))
  p = writeText(entry, entryStart, entryEnd, out, p)
  p = writeInt32Field(waitSeconds, out, p)
  p = writeInt32Field(talkSeconds, out, p)
  p = writeText(OUTCOME_BYTES[outcome], 0, OUTCOME_BYTES[outcome].length, out, p)
  p = writeText(extension, extensionStart, extensionEnd, out, p)
  p = writeNumeric(costUnits, out, p)
  p = writeInt32Field(organisationId, out, p)
  return writeInt64(importId, out, out.writeInt32BE(8, p))
}

/** The same binary row for a line read the slower way (`parseCallRow`). */
export function writeCallRecordOf(
  row: CallRow,
  call: TallyCall,
  organisationId: number | null,
  importId: number,
  out: Buffer,
  position: number
) {
  const id = Buffer.from(row.callId, 'utf8')
  const entry = Buffer.from(row.entryNumber, 'utf8')
  const extension = row.extension === null ? null : Buffer.from(row.extension, 'utf8')
  return writeCallRecord(
    out,
    position,
    id,
    0,
    id.length,
    row.utcMs,
    entry,
    0,
    entry.length,
    row.waitSeconds,
    row.talkSeconds,
    OUTCOMES.indexOf(row.outcome),
    extension,
    0,
    extension?.length ?? 0,
    call.costUnits,
    organisationId,
    importId
  )
}

const DIGIT_0 = 0x30
const TAB = 0x09
const BACKSLASH = 0x5c
const OUTCOMES: readonly CallOutcome[] = ['besvarat', 'kopplat', 'avbrutet', 'meddelande']
const OUTCOME_BYTES = OUTCOMES.map((outcome) => Buffer.from(outcome, 'latin1'))
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39

/** The value of the digits in [start, end), or -1 when empty, too long or not all digits. */
function digits(bytes: Buffer, start: number, end: number, maxLength: number) {
  if (end <= start || end - start > maxLength) return -1
  let value = 0
  for (let i = start; i < end; i++) {
    const byte = bytes[i]
    if (!isDigit(byte)) return -1
    value = value * 10 + (byte - DIGIT_0)
  }
  return value
}

/** [start, end) is 1 to `maxLength` digits (a phone number: no arithmetic, any length). */
function allDigits(bytes: Buffer, start: number, end: number, maxLength: number) {
  if (end <= start || end - start > maxLength) return false
  for (let i = start; i < end; i++) if (!isDigit(bytes[i])) return false
  return true
}

/** Copy [start, end) of `from` to `to` at `position` (short fields: a loop beats a native call). */
function copy(from: Buffer, start: number, end: number, to: Buffer, position: number) {
  for (let i = start; i < end; i++) to[position++] = from[i]
  return position
}

/** The outcome in [start, end), in any letter case; -1 when it is none of the four. */
function outcomeIndex(bytes: Buffer, start: number, end: number) {
  search: for (const [index, name] of OUTCOME_BYTES.entries()) {
    if (name.length !== end - start) continue
    for (const [i, element] of name.entries()) {
      if ((bytes[start + i] | 0x20) !== element) continue search
    }
    return index
  }
  return -1
}

/**
 * Reads the plain line [start, end) of `bytes` into `call` and writes its binary COPY
 * row at `out[position]`, as `organisationOf` attributes it; returns the new position, or
 * -1 when the line is not plain (nothing written then). `out` must have room for
 * `end - start + 128` bytes.
 */
export function readPlainCall(
  bytes: Buffer,
  start: number,
  end: number,
  layout: CallLayout,
  fieldStarts: Int32Array,
  call: PlainCall,
  out: Buffer,
  position: number,
  organisationOf: (call: TallyCall) => number | null,
  importId: number
): number {
  // split at the delimiter: exactly the header's number of fields, only ASCII, no quotes
  let field = 0
  fieldStarts[0] = start
  for (let i = start; i < end; i++) {
    const byte = bytes[i]
    if (byte === layout.delimiter) {
      if (++field >= layout.fields) return -1
      fieldStarts[field] = i + 1
    } else if (
      byte >= 0x80 ||
      byte === 0x22 ||
      byte === BACKSLASH ||
      byte === TAB ||
      byte === 0x0d
    ) {
      return -1
    }
  }
  if (field !== layout.fields - 1) return -1
  fieldStarts[layout.fields] = end + 1
  // field n is [fieldStarts[n], fieldStarts[n + 1] - 1)

  // SamtalsID: 1–64 printable characters without spaces
  const idStart = fieldStarts[layout.callId]
  const idEnd = fieldStarts[layout.callId + 1] - 1
  if (idEnd <= idStart || idEnd - idStart > 64) return -1
  for (let i = idStart; i < idEnd; i++) if (bytes[i] <= 0x20 || bytes[i] === 0x7f) return -1

  // Start: YYYY-MM-DD HH:MM:SS (or T), a real time that exists in Stockholm
  const s = fieldStarts[layout.start]
  if (fieldStarts[layout.start + 1] - 1 - s !== 19) return -1
  if (
    bytes[s + 4] !== 0x2d ||
    bytes[s + 7] !== 0x2d ||
    (bytes[s + 10] !== 0x20 && bytes[s + 10] !== 0x54)
  )
    return -1
  if (bytes[s + 13] !== 0x3a || bytes[s + 16] !== 0x3a) return -1
  const year = digits(bytes, s, s + 4, 4)
  const month = digits(bytes, s + 5, s + 7, 2)
  const day = digits(bytes, s + 8, s + 10, 2)
  const hour = digits(bytes, s + 11, s + 13, 2)
  const minute = digits(bytes, s + 14, s + 16, 2)
  const second = digits(bytes, s + 17, s + 19, 2)
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return -1
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return -1
  const local = stockholmToUtc(year, month, day, hour, minute, second)
  if (local.kind === 'gap') return -1

  // Ingång: 1–20 digits; Anknytning: empty or 1–20 digits; seconds: 1–9 digits
  const entryStart = fieldStarts[layout.entry]
  const entryEnd = fieldStarts[layout.entry + 1] - 1
  const extensionStart = fieldStarts[layout.extension]
  const extensionEnd = fieldStarts[layout.extension + 1] - 1
  if (!allDigits(bytes, entryStart, entryEnd, 20)) return -1
  if (extensionEnd > extensionStart && !allDigits(bytes, extensionStart, extensionEnd, 20))
    return -1
  const waitStart = fieldStarts[layout.wait]
  const waitEnd = fieldStarts[layout.wait + 1] - 1
  const talkStart = fieldStarts[layout.talk]
  const talkEnd = fieldStarts[layout.talk + 1] - 1
  const wait = digits(bytes, waitStart, waitEnd, 9)
  const talk = digits(bytes, talkStart, talkEnd, 9)
  const outcome = outcomeIndex(
    bytes,
    fieldStarts[layout.outcome],
    fieldStarts[layout.outcome + 1] - 1
  )
  if (wait < 0 || talk < 0 || outcome < 0) return -1

  // Kostnad: 1–8 digits, then optionally , or . and 1–4 digits
  const costStart = fieldStarts[layout.cost]
  const costEnd = fieldStarts[layout.cost + 1] - 1
  let point = -1
  for (let i = costStart; i < costEnd; i++) {
    if (bytes[i] === 0x2c || bytes[i] === 0x2e) {
      if (point >= 0) return -1
      point = i
    } else if (!isDigit(bytes[i])) return -1
  }
  const wholeEnd = point < 0 ? costEnd : point
  if (wholeEnd - costStart < 1 || wholeEnd - costStart > 8) return -1
  if (point >= 0 && (costEnd - point - 1 < 1 || costEnd - point - 1 > 4)) return -1
  let costUnits = digits(bytes, costStart, wholeEnd, 8) * 10_000
  if (point >= 0) {
    let fraction = digits(bytes, point + 1, costEnd, 4)
    for (let i = costEnd - point - 1; i < 4; i++) fraction *= 10
    costUnits += fraction
  }

  call.utcMs = local.utcMs
  call.localDay = year * 10_000 + month * 100 + day
  call.ambiguous = local.kind === 'ambiguous'
  call.entryNumber = bytes.toString('latin1', entryStart, entryEnd)
  call.outcome = OUTCOMES[outcome]
  call.waitSeconds = wait
  call.talkSeconds = talk
  call.extension =
    extensionEnd > extensionStart ? bytes.toString('latin1', extensionStart, extensionEnd) : null
  call.costUnits = costUnits
  const organisationId = organisationOf(call)
  call.organisationId = organisationId

  return writeCallRecord(
    out,
    position,
    bytes,
    idStart,
    idEnd,
    local.utcMs,
    bytes,
    entryStart,
    entryEnd,
    wait,
    talk,
    outcome,
    extensionEnd > extensionStart ? bytes : null,
    extensionStart,
    extensionEnd,
    costUnits,
    organisationId,
    importId
  )
}
