import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { refuseForm } from '#services/form_refusal'
import { noControlCharacters } from '#validators/plain_text'
import { SPRING_GAP_MESSAGE, stockholmWallClock } from '#domain/stockholm_time'
import {
  DEVIATION_STATUSES,
  DEVIATION_TYPES,
  forwardDeviation,
  reportDeviation,
  updateDeviationStatus,
} from '#actions/deviations/deviations'

const reportValidator = vine.withMetaData<{ organisationId: number }>().create({
  // the Stockholm wall clock, whatever the server's time zone (converted in store)
  occurredAt: vine
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d$/),
  entryNumber: vine
    .string()
    .trim()
    .maxLength(30)
    .regex(/^[\d\s\-+()]*$/)
    .optional(),
  type: vine.enum(DEVIATION_TYPES),
  description: vine.string().trim().minLength(10).maxLength(5000),
  // only a call transferred to the reporter's own organisation; another organisation's call
  // is refused exactly like one that does not exist, so its existence is not revealed
  callId: vine
    .string()
    .trim()
    .maxLength(64)
    .use(noControlCharacters())
    .exists(async (database, value, field) => {
      const call = await database
        .from('call_records')
        .where('call_id', value)
        .where('organisation_id', field.meta.organisationId)
        .whereIn('outcome', ['kopplat', 'meddelande'])
        .first()
      return Boolean(call)
    })
    .optional(),
})
const statusValidator = vine.create({
  status: vine.enum(DEVIATION_STATUSES),
  comment: vine.string().trim().maxLength(5000).optional(),
  answer: vine.string().trim().maxLength(5000).optional(),
})

/** Avvikelser: contacts report and follow their own; the coordinator triages all. */
export default class DeviationsController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const deviations = await db
      .from('deviations as d')
      .join('organisations as o', 'o.id', 'd.organisation_id')
      .if(user.isContact, (q) => q.where('d.organisation_id', user.organisationId!))
      .orderBy('d.id', 'desc')
      .select('d.id', 'd.type', 'd.status', 'd.occurred_at', 'o.code')
    return view.render('pages/deviations/index', { deviations })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('reportDeviations')
    return view.render('pages/deviations/form', { types: DEVIATION_TYPES })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('reportDeviations')
    const user = auth.getUserOrFail()
    const values = await request.validateUsing(reportValidator, {
      meta: { organisationId: user.organisationId! },
    })
    const occurredAt = stockholmWallClock(
      values.occurredAt.slice(0, 10),
      values.occurredAt.slice(11)
    )
    if (!occurredAt) return refuseForm({ session, response }, SPRING_GAP_MESSAGE)
    const id = await reportDeviation(
      { ...values, occurredAt },
      { id: user.id, organisationId: user.organisationId! }
    )
    session.flash('success', i18n.t('deviations.reported', { id }))
    return response.redirect().toRoute('deviations.show', { id })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const deviation = await db
      .from('deviations as d')
      .join('organisations as o', 'o.id', 'd.organisation_id')
      .join('users as u', 'u.id', 'd.reported_by')
      .where('d.id', params.id)
      .if(user.isContact, (q) => q.where('d.organisation_id', user.organisationId!))
      .select('d.*', 'o.code', 'o.name as organisation_name', 'u.full_name as reporter')
      .first()
    // another organisation's deviation does not exist for a contact
    if (!deviation) throw new Exception('Avvikelsen finns inte', { status: 404 })
    const comments = user.isContact
      ? []
      : await db
          .from('deviation_comments as c')
          .leftJoin('users as u', 'u.id', 'c.user_id')
          .where('deviation_id', deviation.id)
          .orderBy('c.id')
          .select('c.*', 'u.full_name')
    return view.render('pages/deviations/show', {
      deviation,
      comments,
      statuses: DEVIATION_STATUSES,
    })
  }

  async updateStatus({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(statusValidator)
    const result = await updateDeviationStatus(Number(params.id), values, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('deviations.updated'))
    else session.flash('error', result.error)
    return response.redirect().toRoute('deviations.show', { id: params.id })
  }

  async forward({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const result = await forwardDeviation(Number(params.id), auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('deviations.forwarded'))
    else session.flash('error', result.error)
    return response.redirect().toRoute('deviations.show', { id: params.id })
  }
}
