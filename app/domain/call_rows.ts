/**
 * One supplier call record, checked and converted (FORMATS.md "calls"). Pure and fast:
 * a month is up to a million rows, so this avoids regular expressions where a character
 * test does and never builds a date object per row.
 */
import { stockholmDate, stockholmToUtc } from '#domain/stockholm_time'
import {
  parseInteger,
  parsePhoneNumber,
  parseScaled,
  formatScaled,
  quoteValue,
} from '#domain/swedish_csv'
import { CONTROL_CHARACTER_PROBLEM, hasControlCharacter } from '#domain/plain_text'

export const CALL_OUTCOMES = ['besvarat', 'kopplat', 'avbrutet', 'meddelande'] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

export interface CallRow {
  callId: string
  /** the instant as text PostgreSQL reads exactly: local time with its UTC offset */
  startedAt: string
  /** the same instant in milliseconds since 1970 (UTC) */
  utcMs: number
  /** the call's date in Stockholm (`YYYY-MM-DD`): what the register and the daily figures use */
  localDate: string
  entryNumber: string
  waitSeconds: number
  talkSeconds: number
  outcome: CallOutcome
  extension: string | null
  /** kronor with 4 decimals, as text for numeric */
  cost: string
  /** the local time fell in the repeated autumn hour */
  ambiguous: boolean
}

export interface FieldError {
  column: string
  message: string
}

const START =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]
}

/** The number written by `length` digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, length: number) {
  let value = 0
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/**
 * The supplier's usual form, `YYYY-MM-DD HH:MM:SS` (or with `T`), read digit by digit:
 * most of a million rows never reach the regular expression.
 */
function plainStart(raw: string) {
  if (
    raw.length !== 19 ||
    raw[4] !== '-' ||
    raw[7] !== '-' ||
    (raw[10] !== ' ' && raw[10] !== 'T') ||
    raw[13] !== ':' ||
    raw[16] !== ':'
  ) {
    return null
  }
  const year = digitsAt(raw, 0, 4)
  const month = digitsAt(raw, 5, 2)
  const day = digitsAt(raw, 8, 2)
  const hour = digitsAt(raw, 11, 2)
  const minute = digitsAt(raw, 14, 2)
  const second = digitsAt(raw, 17, 2)
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null
  return { year, month, day, hour, minute, second }
}

/**
 * `Start` → an instant. Without an offset the time is Stockholm local time; the result
 * is that local time with the offset in force (`2026-10-25 02:30:00+02`), which is cheap
 * to build and exact. `utcMs` is the same instant for callers that need a number.
 */
export function parseStart(
  raw: string
): { utcMs: number; text: string; localDate: string; ambiguous: boolean } | { error: string } {
  const plain = plainStart(raw)
  if (plain) {
    const wallText = raw[10] === ' ' ? raw : `${raw.slice(0, 10)} ${raw.slice(11)}`
    return fromStockholmWallClock(
      plain.year,
      plain.month,
      plain.day,
      plain.hour,
      plain.minute,
      plain.second,
      wallText
    )
  }
  const match = START.exec(raw.trim())
  if (!match) return { error: 'är inte en tidpunkt på formen ÅÅÅÅ-MM-DD TT:MM:SS' }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number)
  const offset = match[7]
  const wallText = `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]}`
  if (!offset) return fromStockholmWallClock(year, month, day, hour, minute, second, wallText)
  if (!isValidWallClock(year, month, day, hour, minute, second)) return { error: INVALID_TIME }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  if (offset === 'Z')
    return { utcMs: wall, text: `${wallText}+00`, localDate: stockholmDate(wall), ambiguous: false }
  const sign = offset[0] === '-' ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)
  const utcMs = wall - sign * minutes * 60_000
  return {
    utcMs,
    text: `${wallText}${offset[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`,
    localDate: stockholmDate(utcMs),
    ambiguous: false,
  }
}

const INVALID_TIME = 'är ingen giltig tidpunkt'

function isValidWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number
) {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  )
}

/** A wall-clock time without offset: Stockholm local time (`wallText` is `YYYY-MM-DD HH:MM:SS`). */
function fromStockholmWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  wallText: string
): ReturnType<typeof parseStart> {
  if (!isValidWallClock(year, month, day, hour, minute, second)) return { error: INVALID_TIME }
  const local = stockholmToUtc(year, month, day, hour, minute, second)
  if (local.kind === 'gap') {
    return {
      error:
        'finns inte i svensk tid (sommartiden börjar och klockan hoppar från 02:00 till 03:00); ' +
        'ange tiden med tidszon, t.ex. +01:00',
    }
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const offsetHours = (wall - local.utcMs) / 3_600_000
  return {
    utcMs: local.utcMs,
    text: `${wallText}+0${offsetHours}`,
    localDate: wallText.slice(0, 10),
    ambiguous: local.kind === 'ambiguous',
  }
}

function isDigits(text: string, maxLength = 9) {
  if (text.length === 0 || text.length > maxLength) return false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 48 || code > 57) return false
  }
  return true
}

function seconds(raw: string): number | string {
  const text = raw.trim()
  if (isDigits(text)) return Number(text)
  const parsed = parseInteger(text, { min: 0 })
  return parsed.ok ? parsed.value : parsed.message
}

/** Phone numbers: the common all-digits case without a regular expression. */
function digitsOnly(raw: string) {
  return raw.length <= 20 && isDigits(raw, 20)
    ? { ok: true as const, value: raw }
    : parsePhoneNumber(raw)
}

const COST = /^\d{1,8}(?:[.,]\d{1,4})?$/

function cost(raw: string): string | { error: string } {
  const text = raw.trim()
  if (COST.test(text)) return text.replace(',', '.')
  const parsed = parseScaled(text, 4)
  if (!parsed.ok) return { error: parsed.message }
  if (parsed.value < 0n) return { error: 'får inte vara negativ' }
  return formatScaled(parsed.value, 4)
}

const OUTCOMES = new Map<string, CallOutcome>(CALL_OUTCOMES.map((outcome) => [outcome, outcome]))

/**
 * Check one row. Returns the converted row, or the errors with the column and the Swedish
 * text after `rad N: ` (the caller adds the line).
 */
export function parseCallRow(
  callIdRaw: string,
  startRaw: string,
  entryRaw: string,
  waitRaw: string,
  talkRaw: string,
  outcomeRaw: string,
  extensionRaw: string,
  costRaw: string
): { row: CallRow } | { errors: FieldError[] } {
  const errors: FieldError[] = []
  const fail = (column: string, raw: string, problem: string) =>
    errors.push({
      column,
      message:
        raw.trim() === '' ? `${column} ${problem}` : `${column} ${quoteValue(raw)} ${problem}`,
    })

  const callId = callIdRaw.trim()
  if (callId === '') fail('SamtalsID', '', 'saknas')
  else if (callId.length > 64) fail('SamtalsID', callIdRaw, 'är längre än 64 tecken')
  else if (hasControlCharacter(callId)) fail('SamtalsID', callIdRaw, CONTROL_CHARACTER_PROBLEM)

  const start = parseStart(startRaw)
  if ('error' in start) fail('Start', startRaw, start.error)

  const entry = digitsOnly(entryRaw)
  if (!entry.ok) fail('Ingång', entryRaw, entry.message)

  const wait = seconds(waitRaw)
  if (typeof wait === 'string')
    fail('Väntetid', waitRaw, wait === 'saknas' ? 'saknas' : `${wait} (hela sekunder ≥ 0)`)
  const talk = seconds(talkRaw)
  if (typeof talk === 'string')
    fail('Samtalstid', talkRaw, talk === 'saknas' ? 'saknas' : `${talk} (hela sekunder ≥ 0)`)

  const outcome = OUTCOMES.get(outcomeRaw.trim().toLowerCase())
  if (!outcome) {
    fail(
      'Utfall',
      outcomeRaw,
      'är inget känt utfall (Besvarat, Kopplat, Avbrutet eller Meddelande)'
    )
  }

  let extension: string | null = null
  if (extensionRaw.trim() !== '') {
    const parsed = digitsOnly(extensionRaw)
    if (parsed.ok) extension = parsed.value
    else fail('Anknytning', extensionRaw, parsed.message)
  }

  const amount = cost(costRaw)
  if (typeof amount !== 'string') fail('Kostnad', costRaw, amount.error)

  if (errors.length > 0) return { errors }
  const instant = start as { text: string; utcMs: number; localDate: string; ambiguous: boolean }
  return {
    row: {
      callId,
      startedAt: instant.text,
      utcMs: instant.utcMs,
      localDate: instant.localDate,
      entryNumber: (entry as { value: string }).value,
      waitSeconds: wait as number,
      talkSeconds: talk as number,
      outcome: outcome!,
      extension,
      cost: amount as string,
      ambiguous: instant.ambiguous,
    },
  }
}
