import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Browser features the app never uses, denied to it and to anything it could be made to
 * embed (Permissions-Policy).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ')

/**
 * Headers on every response (the first server middleware, so error pages have them too):
 * - `Referrer-Policy: same-origin`: addresses (with their ids and query strings) are not sent
 *   to other sites a page links to;
 * - `Permissions-Policy`: no camera, microphone, location and the like;
 * - `Cache-Control: no-store` on everything a signed-in user or an API key gets, so no
 *   browser or proxy keeps a copy of a page or download after logout (downloads set it
 *   themselves as well, app/services/download.ts).
 */
export default class SecurityHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.response.header('referrer-policy', 'same-origin')
    ctx.response.header('permissions-policy', PERMISSIONS_POLICY)
    try {
      return await next()
    } finally {
      // decided at the end: the user is known only after the session and auth middleware
      if (ctx.auth?.user || ctx.request.url().startsWith('/api/'))
        ctx.response.header('cache-control', 'no-store')
    }
  }
}
