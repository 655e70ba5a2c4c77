/**
 * NUL (U+0000) is refused in all input, in one rule: PostgreSQL cannot store it in text,
 * and a NUL in any field or file name gave a 500 (issue 11, point 11). The check runs on
 * the URL, the query string and the parsed body of every request
 * (app/middleware/reject_nul_bytes_middleware.ts), and on multipart fields and file names
 * when an upload is read (app/services/uploads.ts).
 */
import type { I18n } from '@adonisjs/i18n'
import { MultipartFile } from '@adonisjs/core/bodyparser'
import { RequestRefusedException } from '#exceptions/request_refused_exception'

/** True when a string, a key or a file name anywhere in `value` holds a NUL. */
export function containsNulByte(value: unknown): boolean {
  // iterative, so a deeply nested JSON body cannot exhaust the stack
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true
    } else if (item instanceof MultipartFile) {
      stack.push(item.clientName, item.fieldName)
    } else if (Array.isArray(item)) {
      for (const inner of item) stack.push(inner)
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) stack.push(key, inner)
    }
  }
  return false
}

/** Throws a 400 with the Swedish message when `value` holds a NUL. */
export function rejectNulBytes(value: unknown, i18n: I18n) {
  if (containsNulByte(value)) throw new RequestRefusedException(i18n.t('errors.nulByte'), 400)
}
