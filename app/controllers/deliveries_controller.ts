import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { deliveryFilterValidator } from '#validators/delivery'
import { deliveryCounts, listDeliveries } from '#queries/deliveries/deliveries'
import { resendDelivery } from '#actions/deliveries/resend_delivery'
import { DELIVERY_STATUSES, MAX_AUTOMATIC_ATTEMPTS } from '#domain/deliveries'
import { MAX_ROW_ID } from '#domain/query_values'

/** The e-mail of invoices and credit notes (issue 16, point 1; docs/adr/0025): the log and "Skicka igen". */
export default class DeliveriesController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const { visa } = await request.validateUsing(deliveryFilterValidator, { data: request.qs() })
    return view.render('pages/deliveries/index', {
      deliveries: await listDeliveries({ status: visa ?? null }),
      counts: await deliveryCounts(),
      statuses: DELIVERY_STATUSES,
      status: visa ?? '',
      maxAttempts: MAX_AUTOMATIC_ATTEMPTS,
    })
  }

  async resend({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const id = Number(params.id)
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ROW_ID)
      throw new Exception(i18n.t('deliveries.errors.notFound'), { status: 404 })
    const result = await resendDelivery(id, auth.getUserOrFail().id)
    if (!result.ok) {
      if (result.error === 'notFound')
        throw new Exception(i18n.t('deliveries.errors.notFound'), { status: 404 })
      session.flash('error', i18n.t(`deliveries.errors.${result.error}`))
    } else {
      session.flash('success', i18n.t('deliveries.resent', { number: result.number }))
    }
    return response.redirect().toRoute('deliveries.index')
  }
}
