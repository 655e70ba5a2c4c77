import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { loginValidator } from '#validators/session'
import { logIn } from '#actions/users/log_in'

export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  /**
   * Log in with e-mail and password, under the per-address and per-account limits of
   * app/actions/users/log_in.ts.
   */
  async store({ request, auth, response, session, i18n }: HttpContext) {
    const { email, password } = await request.validateUsing(loginValidator)
    const result = await logIn({ email, password, ip: request.ip() })
    if (!result.ok) {
      const message =
        result.reason === 'throttled'
          ? i18n.t('auth.tooManyAttempts', { minutes: result.minutes })
          : result.reason === 'locked'
            ? i18n.t('auth.accountLocked', { minutes: result.minutes })
            : i18n.t(
                result.reason === 'expired'
                  ? 'auth.oneTimePasswordExpired'
                  : 'auth.invalidCredentials'
              )
      session.flash('error', message)
      session.flashOnly(['email'])
      return response.redirect().back()
    }
    const user = result.user
    await auth.use('web').login(user)
    // remember whose session it is, so that deactivating the user or a new password ends it
    if (session.supportsTagging()) await session.tag(String(user.id))
    session.put('locale', user.locale)
    user.lastLoginAt = DateTime.now()
    await user.save()
    if (user.mustChangePassword) return response.redirect().toRoute('password.edit')
    return response.redirect().toRoute('dashboard.show')
  }

  async destroy({ auth, response, session, i18n }: HttpContext) {
    await auth.use('web').logout()
    session.flash('success', i18n.t('auth.loggedOut'))
    return response.redirect().toRoute('session.create')
  }
}
