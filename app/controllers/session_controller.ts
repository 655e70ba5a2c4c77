import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import { errors } from '@adonisjs/auth'
import env from '#start/env'
import User from '#models/user'
import { loginValidator } from '#validators/session'

/** Login attempts per e-mail address and IP address within 15 minutes. */
function loginLimiter() {
  return limiter.use('database', {
    requests: env.get('LOGIN_MAX_ATTEMPTS', 5),
    duration: '15 mins',
    blockDuration: '15 mins',
  })
}

export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  /**
   * Log in with e-mail and password. Failed attempts are counted per e-mail + IP in
   * PostgreSQL; too many lock that pair for 15 minutes.
   */
  async store({ request, auth, response, session, i18n }: HttpContext) {
    const { email, password } = await request.validateUsing(loginValidator)
    const key = `login_${email}_${request.ip()}`
    let attempt: [{ response: { availableIn: number } } | null, User | null]
    try {
      attempt = await loginLimiter().penalize(key, async (): Promise<User> => {
        const found = await User.verifyCredentials(email, password)
        if (!found.isActive) throw new errors.E_INVALID_CREDENTIALS('inactive user')
        return found
      })
    } catch (failure) {
      if (!(failure instanceof errors.E_INVALID_CREDENTIALS)) throw failure
      session.flash('error', i18n.t('auth.invalidCredentials'))
      session.flashOnly(['email'])
      return response.redirect().back()
    }
    const [error, user] = attempt
    if (error || !user) {
      const minutes = Math.max(1, Math.ceil((error?.response.availableIn ?? 900) / 60))
      session.flash('error', i18n.t('auth.tooManyAttempts', { minutes }))
      session.flashOnly(['email'])
      return response.redirect().back()
    }
    await auth.use('web').login(user)
    // remember whose session it is, so that deactivating the user ends it
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
