import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { rejectNulBytes } from '#services/nul_bytes'

/**
 * No NUL (U+0000) in the address, the query string or the body of any request: a 400 with a
 * Swedish message instead of a database error (app/services/nul_bytes.ts). Multipart bodies
 * are read later, by the upload routes, and checked there.
 */
export default class RejectNulBytesMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    // the path as sent (route parameters are decoded later): an encoded NUL counts as one
    rejectNulBytes((ctx.request.request.url ?? '').replace(/%00/gi, '\u0000'), ctx.i18n)
    rejectNulBytes(ctx.request.all(), ctx.i18n)
    return next()
  }
}
