import type { HttpContext } from '@adonisjs/core/http'
import { refuseForm } from '#services/form_refusal'
import { sendTable, tableFormatOf } from '#services/download'
import { asText } from '#services/csv_writer'
import { clock } from '#services/clock'
import { FEEDBACK_TYPES, formatMinutes } from '#domain/feedback'
import { registerFeedback } from '#actions/feedback/register_feedback'
import { answerFeedback } from '#actions/feedback/answer_feedback'
import {
  feedbackFor,
  feedbackForReaderOrFail,
  feedbackOrganisations,
  feedbackReportLines,
} from '#queries/feedback/feedback'
import {
  feedbackAnswerValidator,
  feedbackReportValidator,
  feedbackValidator,
} from '#validators/feedback'

/**
 * Återkoppling till organisationerna (issue 16, point 5): the coordinator registers and
 * forwards; the organisation's contacts read and answer their own; the coordinator follows
 * the response times per organisation and month.
 */
type ReportRange = { from?: string; to?: string }

const isReversed = (range: ReportRange) => Boolean(range.from && range.to && range.from > range.to)

/** A from-month after the to-month: the report page, empty, with the refusal (422). */
function refuseReversed(
  { response, view, i18n }: Pick<HttpContext, 'response' | 'view' | 'i18n'>,
  range: ReportRange
) {
  response.status(422)
  return view.render('pages/feedback/report', {
    lines: [],
    targetHours: 0,
    range,
    refusal: i18n.t('feedback.report.reversed'),
  })
}

export default class FeedbackController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    return view.render('pages/feedback/index', await feedbackFor(auth.getUserOrFail()))
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/feedback/form', {
      organisations: await feedbackOrganisations(),
      types: FEEDBACK_TYPES,
      today: clock.today(),
    })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(feedbackValidator)
    const result = await registerFeedback(values, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t(`feedback.errors.${result.error}`, 'params' in result ? result.params : {})
      )
    session.flash('success', i18n.t('feedback.registered', { notified: result.notified }))
    return response.redirect().toRoute('feedback.show', { id: result.id })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    // another organisation's feedback does not exist for a contact (404)
    const { feedback, targetHours } = await feedbackForReaderOrFail(params.id, user)
    return view.render('pages/feedback/show', { feedback, targetHours })
  }

  async answer({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('answerFeedback')
    const user = auth.getUserOrFail()
    const { feedback } = await feedbackForReaderOrFail(params.id, user)
    const { answer } = await request.validateUsing(feedbackAnswerValidator)
    const result = await answerFeedback(feedback.id, answer, user.id)
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`feedback.errors.${result.error}`))
    session.flash('success', i18n.t('feedback.answered'))
    return response.redirect().toRoute('feedback.show', { id: feedback.id })
  }

  async report({ request, response, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const range = await request.validateUsing(feedbackReportValidator)
    // from after to: refused like the other ranges, not an empty report
    if (isReversed(range)) return refuseReversed({ response, view, i18n }, range)
    const { lines, targetHours } = await feedbackReportLines(range)
    return view.render('pages/feedback/report', {
      lines: lines.map((line) => ({ ...line, median: formatMinutes(line.medianMinutes) })),
      targetHours,
      range,
      refusal: null,
    })
  }

  async download({ request, response, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const range = await request.validateUsing(feedbackReportValidator)
    // the export of a reversed range is the page's refusal, not an empty file
    if (isReversed(range)) return refuseReversed({ response, view, i18n }, range)
    const { lines, targetHours } = await feedbackReportLines(range)
    const column = (key: string) => i18n.t(`feedback.report.columns.${key}`, { targetHours })
    return sendTable(
      response,
      tableFormatOf(range.format),
      `aterkoppling-svarstider${range.from ? `-${range.from}` : ''}${range.to ? `-${range.to}` : ''}`,
      [
        'period',
        'organisation',
        'received',
        'praise',
        'answeredInTime',
        'answeredLate',
        'waiting',
        'overdue',
        'median',
        'inTimePercent',
      ].map(column),
      lines.map((line) => [
        asText(line.period),
        line.organisation,
        line.received,
        line.praise,
        line.answeredInTime,
        line.answeredLate,
        line.waiting,
        line.overdue,
        line.medianMinutes,
        line.inTimePercent === null ? null : String(line.inTimePercent).replace('.', ','),
      ])
    )
  }
}
