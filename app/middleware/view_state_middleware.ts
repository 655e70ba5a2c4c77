import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Shares the matched route's name, so the menu can mark the current page. */
export default class ViewStateMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.view.share({ currentRoute: ctx.route?.name ?? '' })
    return next()
  }
}
