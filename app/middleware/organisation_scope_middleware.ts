import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import {
  ORGANISATION_CHOICE_KEY,
  organisationChoices,
  scopeToChosenOrganisation,
} from '#services/organisation_scope'

/**
 * A telephony contact of several organisations acts for the one chosen in the header
 * (kept in the session, checked against their memberships on every request: a choice
 * that is no longer theirs falls back to their home organisation and is forgotten).
 * Shares the choices for the header's selector.
 */
export default class OrganisationScopeMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user
    if (user?.isContact) {
      const choice = ctx.session.get(ORGANISATION_CHOICE_KEY)
      const memberships = await scopeToChosenOrganisation(user, choice)
      const kept = choice?.userId === user.id && choice?.organisationId === user.organisationId
      if (choice !== undefined && !kept) {
        ctx.session.forget(ORGANISATION_CHOICE_KEY)
      }
      ctx.view.share({
        organisationChoices: await organisationChoices(memberships),
        activeOrganisationId: user.organisationId,
      })
    }
    return next()
  }
}
