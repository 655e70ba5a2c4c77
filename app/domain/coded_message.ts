/**
 * A message a person reads, kept as an i18n key with its parameters and worded per reader
 * (docs/adr/0017 point 7, docs/adr/0019). A parameter may itself be a coded message (or a
 * list of them, joined with a space), worded in the same language. Rows stored before codes
 * hold plain Swedish text: a string is shown as it is.
 */
export interface CodedMessage {
  code: string
  params?: Record<string, MessageParam>
}

export type MessageParam = string | number | CodedMessage | CodedMessage[]

/** A stored message: a code with parameters, or (older rows) the text itself. */
export type StoredMessage = CodedMessage | string

export type Translate = (key: string, params: Record<string, string | number>) => string

export function coded(code: string, params?: Record<string, MessageParam>): CodedMessage {
  return params ? { code, params } : { code }
}

function isCoded(value: unknown): value is CodedMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as CodedMessage).code === 'string'
  )
}

/** The message in the reader's language (`translate` is `i18n.t` or the default locale's). */
export function renderMessage(stored: StoredMessage | unknown, translate: Translate): string {
  if (typeof stored === 'string') return stored
  if (!isCoded(stored)) return String(stored)
  const params: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(stored.params ?? {})) {
    params[name] = Array.isArray(value)
      ? value.map((item) => renderMessage(item, translate)).join(' ')
      : isCoded(value)
        ? renderMessage(value, translate)
        : value
  }
  return translate(stored.code, params)
}

/** Every stored message of a list (a JSON column; null or not a list: none). */
export function renderMessages(stored: unknown, translate: Translate): string[] {
  return Array.isArray(stored) ? stored.map((item) => renderMessage(item, translate)) : []
}
