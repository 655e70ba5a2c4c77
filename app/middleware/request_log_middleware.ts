import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * One log line per request when its response is sent: method, path (without the query
 * string, which could carry what a user typed), status, duration, and the user; the
 * request id comes with the request's logger. Health probes log at debug level only.
 */
export default class RequestLogMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    const raw = ctx.response.response
    raw.once('finish', () => {
      const path = ctx.request.url()
      const line = {
        method: ctx.request.method(),
        path,
        status: raw.statusCode,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        user_id: ctx.auth?.user?.id ?? null,
      }
      if (path.startsWith('/health/')) ctx.logger.debug(line, 'request')
      else ctx.logger.info(line, 'request')
    })
    return next()
  }
}
