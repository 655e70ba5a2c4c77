import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import { recordAudit } from '#services/audit'
import { organisationOptions } from '#queries/organisations/list_organisations'
import { tokenValidator } from '#validators/access_token'
import { membershipsOfUser } from '#actions/users/save_user'

/** The coordinator creates and revokes API keys for integration users. */
export default class AccessTokensController {
  /**
   * The new key is shown once, in the answer to this request itself: it is never put in
   * the session (nor anywhere else but its hash), so no session row or backup holds it.
   */
  async store({ params, request, response, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    const { name, scope } = await request.validateUsing(tokenValidator)
    const token = await User.accessTokens.create(user, [scope ?? 'read'], { name })
    await recordAudit(null, {
      userId: auth.getUserOrFail().id,
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      summary: `API-nyckeln "${name}" (${scope === 'import' ? 'import' : 'läsa'}) skapades för ${user.email}`,
    })
    const memberships = await membershipsOfUser(user.id)
    response.header('cache-control', 'no-store')
    return view.render('pages/users/form', {
      user,
      tokens: await User.accessTokens.all(user),
      organisations: await organisationOptions(),
      additionalOrganisationIds: memberships.filter((id) => id !== user.organisationId),
      newToken: token.value!.release(),
    })
  }

  async destroy({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    await User.accessTokens.delete(user, params.tokenId)
    await recordAudit(null, {
      userId: auth.getUserOrFail().id,
      action: 'delete',
      entityType: 'user',
      entityId: user.id,
      summary: `En API-nyckel för ${user.email} återkallades`,
    })
    session.flash('success', i18n.t('users.tokenRevoked'))
    return response.redirect().toRoute('users.edit', { id: user.id })
  }
}
