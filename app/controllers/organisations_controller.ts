import type { HttpContext } from '@adonisjs/core/http'
import { organisationReviews } from '#queries/meetings/reviews'
import Organisation from '#models/organisation'
import {
  createOrganisation,
  organisationSnapshot,
  updateOrganisation,
  type OrganisationInput,
} from '#actions/organisations/save_organisation'
import { listOrganisations } from '#queries/organisations/list_organisations'
import { historyOf } from '#queries/audit/audit_log'
import { organisationFilterValidator, organisationValidator } from '#validators/organisation'

type FormValues = Awaited<ReturnType<typeof organisationValidator.validate>>

function toInput(values: FormValues): OrganisationInput {
  const iso = (value?: Date) =>
    value
      ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
      : null
  return {
    code: values.code,
    name: values.name,
    kind: values.kind,
    costCentre: values.costCentre ?? '',
    invoiceReference: values.invoiceReference ?? '',
    activeFrom: iso(values.activeFrom)!,
    activeTo: iso(values.activeTo),
    connectedFrom: iso(values.connectedFrom),
    connectedTo: iso(values.connectedTo),
    // the form shows every detail: an emptied field clears it
    orgNumber: values.orgNumber || null,
    postalStreet: values.postalStreet || null,
    postalCode: values.postalCode || null,
    postalTown: values.postalTown || null,
    invoiceEmail: values.invoiceEmail || null,
  }
}

export default class OrganisationsController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const filter = await organisationFilterValidator.validate(request.qs())
    const organisations = await listOrganisations(filter)
    organisations.baseUrl(request.url()).queryString({ ...request.qs(), page: undefined })
    return view.render('pages/organisations/index', { organisations, filter })
  }

  async show({ params, view, bouncer }: HttpContext) {
    const organisation = await Organisation.findOrFail(params.id)
    await bouncer.authorize('viewOrganisation', organisation)
    const canSeeHistory = await bouncer.allows('administer')
    const history = canSeeHistory ? await historyOf('organisation', organisation.id) : []
    return view.render('pages/organisations/show', {
      organisation,
      history,
      // its avstämningar, past and planned (docs/adr/0031)
      reviews: await organisationReviews(organisation.id),
    })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/organisations/form', { organisation: null })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(organisationValidator, { meta: {} })
    const organisation = await createOrganisation(toInput(values), auth.getUserOrFail().id)
    session.flash('success', i18n.t('organisations.created', { code: organisation.code }))
    return response.redirect().toRoute('organisations.show', { id: organisation.id })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const organisation = await Organisation.findOrFail(params.id)
    return view.render('pages/organisations/form', {
      organisation,
      values: organisationSnapshot(organisation),
    })
  }

  async update({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const organisation = await Organisation.findOrFail(params.id)
    const values = await request.validateUsing(organisationValidator, {
      meta: { organisationId: organisation.id },
    })
    await updateOrganisation(organisation, toInput(values), auth.getUserOrFail().id)
    session.flash('success', i18n.t('organisations.updated', { code: values.code }))
    return response.redirect().toRoute('organisations.show', { id: organisation.id })
  }
}
