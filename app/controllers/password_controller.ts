import type { HttpContext } from '@adonisjs/core/http'
import hash from '@adonisjs/core/services/hash'
import { errors } from '@vinejs/vine'
import { changePasswordValidator } from '#validators/session'
import { changeOwnPassword } from '#actions/users/save_user'

/** A user changes their own password (required after a one-time password). */
export default class PasswordController {
  async edit({ view }: HttpContext) {
    return view.render('pages/auth/change_password')
  }

  async update({ request, auth, response, session, i18n }: HttpContext) {
    const user = auth.getUserOrFail()
    const { currentPassword, newPassword } = await request.validateUsing(changePasswordValidator)
    if (!(await hash.verify(user.password, currentPassword))) {
      throw new errors.E_VALIDATION_ERROR([
        { field: 'currentPassword', rule: 'currentPassword', message: i18n.t('auth.wrongCurrentPassword') },
      ])
    }
    await changeOwnPassword(user, newPassword)
    session.flash('success', i18n.t('auth.passwordChanged'))
    return response.redirect().toRoute('dashboard.show')
  }
}
