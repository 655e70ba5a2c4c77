import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Bouncer } from '@adonisjs/bouncer'
import * as abilities from '#abilities/main'
import { policies } from '#policies/main'
import { consumeApiRequest } from '#services/api_rate_limit'

/**
 * The JSON API accepts only access tokens (`Authorization: Bearer vxn_…`), never the
 * browser session; an unknown or expired token is a 401 in JSON, a key without the
 * route's scope (read, or import for `/api/v1/imports`) a 403, a key over its allowance a 429.
 */
export default class ApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = await ctx.auth
      .use('api')
      .authenticate()
      .catch(() => null)
    if (!user || !user.isActive) {
      return ctx.response
        .status(401)
        .send({ errors: [{ message: ctx.i18n.t('errors.apiKeyRequired') }] })
    }
    // an import key only imports, a read key only reads (docs/adr/0028 §2); the refusal says
    // what the request needed: delivering a file and seeing an import both need the import scope
    const route = ctx.route?.name ?? ''
    const scope = route.startsWith('api.imports.') ? 'import' : 'read'
    if (!user.currentAccessToken.allows(scope)) {
      const refusal =
        scope === 'read'
          ? 'errors.apiReadScope'
          : route === 'api.imports.show'
            ? 'errors.apiImportScopeToSee'
            : 'errors.apiImportScopeToDeliver'
      return ctx.response.status(403).send({ errors: [{ message: ctx.i18n.t(refusal) }] })
    }
    // a limit per key (issue 17 point 7): 429 with Retry-After once the minute's share is used
    const tokenId = user.currentAccessToken?.identifier
    const throttled = tokenId === undefined ? null : await consumeApiRequest(String(tokenId))
    if (throttled) {
      ctx.response.header('Retry-After', String(throttled.retryAfter))
      return ctx.response.status(429).send({
        errors: [{ message: ctx.i18n.t('errors.apiThrottled', { seconds: throttled.retryAfter }) }],
      })
    }
    // authorise as the token's user (the default resolver reads the session guard)
    ctx.bouncer = new Bouncer(() => user, abilities, policies).setContainerResolver(
      ctx.containerResolver
    )
    return next()
  }
}
