import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Finds the logged-in user, if any. A user who has been deactivated since logging in is
 * logged out at once.
 */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.check()
    const user = ctx.auth.user
    if (user && !user.isActive) {
      await ctx.auth.use('web').logout()
    }
    return next()
  }
}
