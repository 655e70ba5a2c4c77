import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@vinejs/vine'
import { changePasswordValidator } from '#validators/session'
import { changeOwnPassword } from '#actions/users/change_password'

/** A user changes their own password (required after a one-time password). */
export default class PasswordController {
  async edit({ view }: HttpContext) {
    return view.render('pages/auth/change_password')
  }

  async update({ request, auth, response, session, i18n }: HttpContext) {
    const user = auth.getUserOrFail()
    const { currentPassword, newPassword } = await request.validateUsing(changePasswordValidator, {
      meta: { email: user.email },
    })
    const result = await changeOwnPassword({
      user,
      currentPassword,
      newPassword,
      sessionId: session.sessionId,
    })
    if (!result.ok && result.reason === 'throttled') {
      session.flash('error', i18n.t('auth.tooManyPasswordAttempts', { minutes: result.minutes }))
      return response.redirect().toRoute('password.edit')
    }
    if (!result.ok) {
      throw new errors.E_VALIDATION_ERROR([
        {
          field: 'currentPassword',
          rule: 'currentPassword',
          message: i18n.t('auth.wrongCurrentPassword'),
        },
      ])
    }
    session.flash(
      'success',
      i18n.t(result.endedSessions > 0 ? 'auth.passwordChangedElsewhere' : 'auth.passwordChanged')
    )
    return response.redirect().toRoute('dashboard.show')
  }
}
