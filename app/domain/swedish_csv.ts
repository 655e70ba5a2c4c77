/**
 * Field rules shared by every CSV import (FORMATS.md, "Common CSV rules").
 *
 * Pure functions: each parser takes the raw text of a field and returns either a value or
 * a Swedish message that completes the sentence `rad 17: Väntetid "12s" …`. The reader
 * (app/services/csv_reader.ts) adds the line number and the column.
 */
import { CONTROL_CHARACTER_PROBLEM, hasControlCharacter } from '#domain/plain_text'

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message })

/**
 * Header names match case-insensitively, ignoring surrounding and repeated spaces and the
 * accents of å/ä/ö (so "Vantetid", "VÄNTETID " and "väntetid" are the same column).
 */
export function normaliseHeader(name: string) {
  return name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .replace(/\s+/g, ' ')
}

/**
 * Which column of a header row is which (the reader's rule, and the drop folder's
 * recognition by header row): each column's position (-1: an optional column not in the
 * file), the required columns missing, and the non-empty names that are none of the
 * columns (the reader ignores them; empty names — Excel's trailing `;;` — are nothing).
 */
export function matchHeaderColumns<Key extends string>(
  names: readonly string[],
  columns: readonly { key: Key; header: string; required?: boolean }[]
) {
  const positions = new Map<string, number>()
  names.forEach((name, index) => {
    const key = normaliseHeader(name.replace(/^\uFEFF/, ''))
    if (key !== '' && !positions.has(key)) positions.set(key, index)
  })
  const indexByKey = {} as Record<Key, number>
  const missing: string[] = []
  const known = new Set<string>()
  for (const column of columns) {
    const name = normaliseHeader(column.header)
    known.add(name)
    const index = positions.get(name)
    if (index === undefined && column.required !== false) missing.push(column.header)
    indexByKey[column.key] = index ?? -1
  }
  const unknown = [...positions.keys()].filter((name) => !known.has(name))
  return { indexByKey, missing, unknown }
}

/** Spaces Excel and Swedish number formatting put between thousands. */
const THOUSANDS = /[\u0020\u00a0\u202f\u2009]/g
/** Minus signs: ASCII hyphen-minus, U+2212 (Intl sv-SE) and the en dash some tools use. */
const MINUS = /^[-\u2212\u2013]/

/**
 * An exact decimal: sign, digits before and after the decimal separator. Never a float.
 * Accepts `1 234,50`, `1234.5`, `−12,5`, `+3`, `0,0001`.
 */
export interface ExactDecimal {
  negative: boolean
  integer: string
  fraction: string
}

export function parseExactDecimal(raw: string): Parsed<ExactDecimal> {
  let text = raw.trim().replace(THOUSANDS, '')
  if (text === '') return fail('saknas')
  let negative = false
  if (MINUS.test(text)) {
    negative = true
    text = text.slice(1)
  } else if (text.startsWith('+')) {
    text = text.slice(1)
  }
  const match = /^(\d*)(?:[,.](\d*))?$/.exec(text)
  if (!match || (match[1] === '' && !match[2])) return fail('är inte ett tal')
  const integer = match[1].replace(/^0+(?=\d)/, '') || '0'
  const fraction = match[2] ?? ''
  const isZero = /^0*$/.test(integer) && /^0*$/.test(fraction)
  return ok({ negative: negative && !isZero, integer, fraction })
}

/**
 * A decimal number as a scaled BigInt with `scale` decimals (kronor with scale 2 = öre).
 * More decimals than `scale` is an error, not a silent rounding.
 */
export function parseScaled(raw: string, scale: number): Parsed<bigint> {
  const parsed = parseExactDecimal(raw)
  if (!parsed.ok) return parsed
  const { negative, integer, fraction } = parsed.value
  if (fraction.replace(/0+$/, '').length > scale) {
    return fail(`har fler än ${scale} decimaler`)
  }
  const value = BigInt(integer + fraction.padEnd(scale, '0').slice(0, scale))
  return ok(negative ? -value : value)
}

/** Kronor with at most two decimals → integer öre. */
export function parseOre(raw: string): Parsed<bigint> {
  const parsed = parseScaled(raw, 2)
  if (!parsed.ok && parsed.message.startsWith('har fler')) {
    return fail('har fler än 2 decimaler (ange kronor med högst två decimaler)')
  }
  return parsed
}

/** A decimal as a canonical string for SQL `numeric` ("-12.5000" with scale 4). */
export function parseNumericString(raw: string, scale: number): Parsed<string> {
  const parsed = parseScaled(raw, scale)
  if (!parsed.ok) return parsed
  return ok(formatScaled(parsed.value, scale))
}

export function formatScaled(value: bigint, scale: number) {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0')
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}

/** A whole number (thousands separators allowed, no decimals). */
export function parseInteger(raw: string, options: { min?: number } = {}): Parsed<number> {
  const parsed = parseExactDecimal(raw)
  if (!parsed.ok) return parsed.message === 'saknas' ? parsed : fail('är inte ett heltal')
  const { negative, integer, fraction } = parsed.value
  if (/[^0]/.test(fraction) || (raw.trim() !== '' && /[,.]$/.test(raw.trim()))) {
    return fail('är inte ett heltal')
  }
  if (integer.length > 15) return fail('är för stort')
  const value = Number(integer) * (negative ? -1 : 1)
  if (options.min !== undefined && value < options.min) {
    return fail(options.min === 0 ? 'får inte vara negativt' : `måste vara minst ${options.min}`)
  }
  return ok(value)
}

function isValidDate(year: number, month: number, day: number) {
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

/** A calendar date `YYYY-MM-DD` (ISO, as Swedish offices write it). */
export function parseDate(raw: string): Parsed<string> {
  const text = raw.trim()
  if (text === '') return fail('saknas')
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return fail('är inte ett datum på formen ÅÅÅÅ-MM-DD')
  if (!isValidDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return fail('är inget giltigt datum')
  }
  return ok(text)
}

/** An optional date: empty means null. */
export function parseOptionalDate(raw: string): Parsed<string | null> {
  return raw.trim() === '' ? ok(null) : parseDate(raw)
}

/** A month `YYYY-MM`. */
export function parseMonth(raw: string): Parsed<string> {
  const text = raw.trim()
  if (text === '') return fail('saknas')
  const match = /^(\d{4})-(\d{2})$/.exec(text)
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) {
    return fail('är inte en månad på formen ÅÅÅÅ-MM')
  }
  return ok(text)
}

/** Non-empty text, trimmed, with a maximum length, on one line without control characters. */
export function parseText(raw: string, options: { max: number; required?: boolean }) {
  const text = raw.trim()
  if (options.required && text === '') return fail<string>('saknas')
  if (text.length > options.max) return fail<string>(`är längre än ${options.max} tecken`)
  if (hasControlCharacter(text)) return fail<string>(CONTROL_CHARACTER_PROBLEM)
  return ok(text)
}

/** Telephone numbers are stored as digits only: `08-508 123 45` → `0850812345`. */
export function parsePhoneNumber(raw: string): Parsed<string> {
  const text = raw.trim()
  if (text === '') return fail('saknas')
  const stripped = text.replace(/[\s\u00a0\-()/.]/g, '').replace(/^\+46/, '0')
  if (!/^\d{1,20}$/.test(stripped)) return fail('är inte ett telefonnummer')
  return ok(stripped)
}

/** Quote a value for an error message, shortened so a 5 MB field stays readable. */
export function quoteValue(raw: string) {
  const text = raw.length > 60 ? `${raw.slice(0, 57)}…` : raw
  return `"${text}"`
}
