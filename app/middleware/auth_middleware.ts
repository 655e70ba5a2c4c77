import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Only logged-in users pass. A user with a one-time password must choose a new one
 * before anything else.
 */
export default class AuthMiddleware {
  redirectTo = '/logga-in'

  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.authenticateUsing(['web'], { loginRoute: this.redirectTo })
    const user = ctx.auth.getUserOrFail()
    const allowed = ['password.edit', 'password.update', 'session.destroy', 'locale.update']
    if (user.mustChangePassword && !allowed.includes(ctx.route?.name ?? '')) {
      return ctx.response.redirect().toRoute('password.edit')
    }
    return next()
  }
}
