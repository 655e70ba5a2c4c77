import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import router from '@adonisjs/core/services/router'
import { errors } from '@adonisjs/core/http'
import { UPLOAD_ROUTES, deferUpload } from '#services/uploads'
import { RequestRefusedException } from '#exceptions/request_refused_exception'

/**
 * A multipart body is accepted only by the upload routes, where the controller reads it
 * after authorising the user (app/services/uploads.ts). Anywhere else it is refused with
 * 415 — or 404 where no route matches at all — before a byte of it is read, and the
 * connection is closed so the rest is not sent.
 */
export default class UploadGateMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.is(['multipart/form-data'])) {
      const matched = router.match(ctx.request.url(), ctx.request.method(), false)
      if (!matched || !UPLOAD_ROUTES.has(matched.route.name ?? '')) {
        ctx.response.header('connection', 'close')
        // an address that does not exist (an unknown import kind) is a 404 whatever it is sent
        if (!matched) throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
        throw new RequestRefusedException(ctx.i18n.t('errors.multipartNotHere'), 415)
      }
      deferUpload(ctx)
    }
    return next()
  }
}
