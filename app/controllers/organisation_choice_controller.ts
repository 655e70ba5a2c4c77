import type { HttpContext } from '@adonisjs/core/http'
import { organisationChoiceValidator } from '#validators/organisation_choice'
import Organisation from '#models/organisation'
import { isPathInApp } from '#domain/paths'
import { ORGANISATION_CHOICE_KEY, organisationChoiceFor } from '#services/organisation_scope'

/**
 * A telephony contact of several organisations switches the organisation they act for
 * (issue 16, point 6). The choice is kept in the session and checked again on every
 * request (app/middleware/organisation_scope_middleware.ts).
 */
export default class OrganisationChoiceController {
  async update({ request, response, session, auth, bouncer, i18n, view }: HttpContext) {
    await bouncer.authorize('switchOrganisation')
    const { organisationId, tillbaka } = await request.validateUsing(organisationChoiceValidator)
    const choice = await organisationChoiceFor(auth.getUserOrFail(), organisationId)
    if (!choice) {
      // the app's 403 page, saying why (not a bare line of text)
      const page = await view.render('pages/errors/forbidden', {
        message: i18n.t('multiOrg.notYours'),
      })
      return response.status(403).send(page)
    }
    session.put(ORGANISATION_CHOICE_KEY, choice)
    const { name } = await Organisation.findOrFail(choice.organisationId)
    session.flash('success', i18n.t('multiOrg.switched', { name }))
    // back to the page that offered the switch ("Byt till …", a record of that organisation);
    // else the start page: the page the contact was on may belong to the other organisation
    if (isPathInApp(tillbaka)) return response.redirect().toPath(tillbaka)
    return response.redirect().toRoute('dashboard.show')
  }
}
