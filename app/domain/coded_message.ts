/**
 * A message a person reads, kept as an i18n key with its parameters and worded per reader
 * (docs/adr/0017 point 7, docs/adr/0019, docs/adr/0023). A parameter may itself be a coded
 * message (or a list of them, joined with a space), a month (`{ month: '2026-10' }`, named
 * in the reader's language) or a list joined with a separator, all worded in the same
 * language. Rows stored before codes hold plain Swedish text: a string is shown as it is.
 */
import { formatMonth } from '#domain/formatting'

export interface CodedMessage {
  code: string
  params?: Record<string, MessageParam>
}

/** A month parameter: `2026-10`, said `oktober 2026` / `October 2026`. */
export interface MonthParam {
  month: string
}

/** Several parameters said one after the other with a separator (`; `, `, `). */
export interface JoinedParam {
  join: MessageParam[]
  separator: string
}

export type MessageParam =
  string | number | CodedMessage | CodedMessage[] | MonthParam | JoinedParam

/** A stored message: a code with parameters, or (older rows) the text itself. */
export type StoredMessage = CodedMessage | string

export type Translate = (key: string, params: Record<string, string | number>) => string

export function coded(code: string, params?: Record<string, MessageParam>): CodedMessage {
  return params ? { code, params } : { code }
}

/** A month parameter (said in the reader's language). */
export function month(period: string): MonthParam {
  return { month: period }
}

/** Parameters said one after the other: `joined([a, b], '; ')`. */
export function joined(parts: MessageParam[], separator: string): JoinedParam {
  return { join: parts, separator }
}

function isCoded(value: unknown): value is CodedMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as CodedMessage).code === 'string'
  )
}

function renderParam(value: MessageParam, translate: Translate, locale: string): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value
  if (Array.isArray(value))
    return value.map((item) => renderMessage(item, translate, locale)).join(' ')
  if (isCoded(value)) return renderMessage(value, translate, locale)
  if ('month' in value) return formatMonth(value.month, locale)
  if ('join' in value) {
    return value.join.map((part) => renderParam(part, translate, locale)).join(value.separator)
  }
  return String(value)
}

/**
 * The message in the reader's language: `translate` is `i18n.t` (or the default locale's)
 * and `locale` names months; both from the same reader.
 */
export function renderMessage(
  stored: StoredMessage | unknown,
  translate: Translate,
  locale: string = 'sv'
): string {
  if (typeof stored === 'string') return stored
  if (!isCoded(stored)) return String(stored)
  const params: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(stored.params ?? {})) {
    params[name] = renderParam(value, translate, locale)
  }
  return translate(stored.code, params)
}

/** Every stored message of a list (a JSON column; null or not a list: none). */
export function renderMessages(
  stored: unknown,
  translate: Translate,
  locale: string = 'sv'
): string[] {
  return Array.isArray(stored) ? stored.map((item) => renderMessage(item, translate, locale)) : []
}
