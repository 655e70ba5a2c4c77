import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import {
  createUser,
  setOneTimePassword,
  setUserActive,
  updateUser,
} from '#actions/users/save_user'
import { listUsers } from '#queries/users/list_users'
import { organisationOptions } from '#queries/organisations/list_organisations'
import {
  createUserValidator,
  oneTimePasswordValidator,
  updateUserValidator,
} from '#validators/user'

/** The coordinator manages users: create, role and organisation, deactivate, one-time password. */
export default class UsersController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/users/index', { users: await listUsers() })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/users/form', { user: null, organisations: await organisationOptions() })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(createUserValidator)
    const user = await createUser(values, auth.getUserOrFail().id)
    session.flash('success', i18n.t('users.created', { email: user.email }))
    return response.redirect().toRoute('users.index')
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    const tokens = await User.accessTokens.all(user)
    return view.render('pages/users/form', { user, tokens, organisations: await organisationOptions() })
  }

  async update({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    const values = await request.validateUsing(updateUserValidator, { meta: { userId: user.id } })
    await updateUser(user, values, auth.getUserOrFail().id)
    session.flash('success', i18n.t('users.updated', { email: user.email }))
    return response.redirect().toRoute('users.index')
  }

  async resetPassword({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    const { oneTimePassword } = await request.validateUsing(oneTimePasswordValidator)
    await setOneTimePassword(user, oneTimePassword, auth.getUserOrFail().id)
    session.flash('success', i18n.t('users.passwordSet', { email: user.email }))
    return response.redirect().toRoute('users.edit', { id: user.id })
  }

  async deactivate(ctx: HttpContext) {
    return this.#setActive(ctx, false)
  }

  async activate(ctx: HttpContext) {
    return this.#setActive(ctx, true)
  }

  async #setActive({ params, response, session, auth, bouncer, i18n }: HttpContext, active: boolean) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    const result = await setUserActive(user, active, auth.getUserOrFail().id)
    if (!result.ok) {
      session.flash('error', i18n.t('users.cannotDeactivateSelf'))
    } else {
      session.flash(
        'success',
        i18n.t(active ? 'users.activated' : 'users.deactivated', { email: user.email })
      )
    }
    return response.redirect().toRoute('users.index')
  }
}
