import type { HttpContext } from '@adonisjs/core/http'
import { refuseForm } from '#services/form_refusal'
import { stockholmWallClock } from '#domain/stockholm_time'
import { DEVIATION_STATUSES, DEVIATION_TYPES } from '#domain/deviations'
import { reportDeviation } from '#actions/deviations/report_deviation'
import { updateDeviationStatus } from '#actions/deviations/update_deviation_status'
import { forwardDeviation } from '#actions/deviations/forward_deviation'
import {
  deviationComments,
  deviationForReaderOrFail,
  deviationsFor,
} from '#queries/deviations/deviations'
import { deviationStatusValidator, deviationValidator } from '#validators/deviation'

/** Avvikelser: contacts report and follow their own; the coordinator triages all. */
export default class DeviationsController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const deviations = await deviationsFor(auth.getUserOrFail())
    return view.render('pages/deviations/index', { deviations })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('reportDeviations')
    return view.render('pages/deviations/form', { types: DEVIATION_TYPES })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('reportDeviations')
    const user = auth.getUserOrFail()
    const values = await request.validateUsing(deviationValidator, {
      meta: { organisationId: user.organisationId! },
    })
    const occurredAt = stockholmWallClock(
      values.occurredAt.slice(0, 10),
      values.occurredAt.slice(11)
    )
    if (!occurredAt) return refuseForm({ session, response }, i18n.t('deviations.errors.springGap'))
    const result = await reportDeviation(
      { ...values, occurredAt },
      { id: user.id, organisationId: user.organisationId! }
    )
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t(`deviations.errors.${result.error}`, { id: String(result.id) })
      )
    session.flash('success', i18n.t('deviations.reported', { id: result.id }))
    return response.redirect().toRoute('deviations.show', { id: result.id })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    // another organisation's deviation does not exist for a contact (404)
    const deviation = await deviationForReaderOrFail(params.id, user)
    const comments = user.isContact ? [] : await deviationComments(deviation.id)
    return view.render('pages/deviations/show', {
      deviation,
      comments,
      statuses: DEVIATION_STATUSES,
    })
  }

  async updateStatus({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(deviationStatusValidator)
    const result = await updateDeviationStatus(params.id, values, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('deviations.updated'))
    else session.flash('error', i18n.t(`deviations.errors.${result.error}`))
    return response.redirect().toRoute('deviations.show', { id: params.id })
  }

  async forward({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const result = await forwardDeviation(params.id, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('deviations.forwarded'))
    else session.flash('error', i18n.t(`deviations.errors.${result.error}`))
    return response.redirect().toRoute('deviations.show', { id: params.id })
  }
}
