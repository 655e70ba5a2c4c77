import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import User from '#models/user'
import { recordAudit } from '#services/audit'

const tokenValidator = vine.create({ name: vine.string().trim().minLength(3).maxLength(100) })

/** The coordinator creates and revokes API keys for integration users. */
export default class AccessTokensController {
  async store({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const user = await User.findOrFail(params.id)
    const { name } = await request.validateUsing(tokenValidator)
    const token = await User.accessTokens.create(user, ['read'], { name })
    await recordAudit(null, {
      userId: auth.getUserOrFail().id,
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      summary: `API-nyckeln "${name}" skapades för ${user.email}`,
    })
    // shown once: only its hash is stored
    session.flash('newToken', token.value!.release())
    session.flash('success', i18n.t('users.tokenCreated'))
    return response.redirect().toRoute('users.edit', { id: user.id })
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
