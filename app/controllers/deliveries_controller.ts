import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { deliveryFilterValidator } from '#validators/delivery'
import { deliveryCounts, deliveryPeriods, listDeliveries } from '#queries/deliveries/deliveries'
import { resendDelivery } from '#actions/deliveries/resend_delivery'
import { DELIVERY_STATUSES, MAX_AUTOMATIC_ATTEMPTS } from '#domain/deliveries'
import { MAX_ROW_ID, pageNumber } from '#domain/query_values'
import { organisationOptions } from '#queries/organisations/list_organisations'

/**
 * The e-mail of invoices and credit notes (issue 16, point 1; docs/adr/0025): the log, paged
 * and filtered — the office all of it, a contact their organisation's — and the
 * coordinator's "Skicka igen".
 */
export default class DeliveriesController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const { visa, manad, organisation } = await request.validateUsing(deliveryFilterValidator, {
      data: request.qs(),
    })
    // a telephony contact sees their (chosen) organisation's deliveries only (docs/adr/0031)
    const organisationId = user.isContact ? (user.organisationId ?? 0) : (organisation ?? null)
    const filter = { status: visa ?? null, period: manad ?? null, organisationId }
    const page = pageNumber(request.input('page'))
    const { paginator, deliveries } = await listDeliveries({ ...filter, page })
    const filterQuery = {
      ...(visa ? { visa } : {}),
      ...(manad ? { manad } : {}),
      ...(organisation && !user.isContact ? { organisation } : {}),
    }
    paginator.baseUrl(request.url()).queryString(filterQuery)
    return view.render('pages/deliveries/index', {
      deliveries,
      paginator,
      periods: await deliveryPeriods(organisationId),
      period: manad ?? '',
      counts: await deliveryCounts(filter),
      // "Skicka igen" leads back to the list as it was filtered
      filterQuery: { ...filterQuery, ...(page > 1 ? { page } : {}) },
      statuses: DELIVERY_STATUSES,
      status: visa ?? '',
      organisations: user.isContact ? [] : await organisationOptions(),
      organisation: organisation ?? '',
      maxAttempts: MAX_AUTOMATIC_ATTEMPTS,
    })
  }

  async resend({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const id = Number(params.id)
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ROW_ID)
      throw new Exception(i18n.t('deliveries.errors.notFound'), { status: 404 })
    const result = await resendDelivery(id, auth.getUserOrFail().id)
    if (!result.ok) {
      if (result.error === 'notFound')
        throw new Exception(i18n.t('deliveries.errors.notFound'), { status: 404 })
      session.flash('error', i18n.t(`deliveries.errors.${result.error}`, result.params ?? {}))
    } else {
      session.flash('success', i18n.t('deliveries.resent', { number: result.number }))
    }
    return response
      .redirect()
      .withQs(await listQuery(request.qs()))
      .toRoute('deliveries.index')
  }
}

/** The list's filter and page carried by "Skicka igen", valid values only (else none). */
async function listQuery(qs: Record<string, unknown>) {
  const [error, filter] = await deliveryFilterValidator.tryValidate(qs)
  if (error) return {}
  const page = pageNumber(qs.page)
  return {
    ...(filter.visa ? { visa: filter.visa } : {}),
    ...(filter.manad ? { manad: filter.manad } : {}),
    ...(filter.organisation ? { organisation: filter.organisation } : {}),
    ...(page > 1 ? { page } : {}),
  }
}
