import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@adonisjs/lucid'
import { refuseForm } from '#services/form_refusal'
import {
  MAX_QUESTIONS,
  MIN_RESPONSES_FOR_RESULTS,
  QUESTION_MAX_LENGTH,
  SCORES,
  questionLines,
} from '#domain/surveys'
import { createSurvey } from '#actions/surveys/create_survey'
import { setSurveyStatus } from '#actions/surveys/set_survey_status'
import { answerSurvey } from '#actions/surveys/answer_survey'
import {
  findSurveyOrFail,
  hasAnswered,
  participation,
  surveyQuestions,
  surveyResults,
  surveysFor,
} from '#queries/surveys/surveys'
import { surveyAnswerValidator, surveyStatusValidator, surveyValidator } from '#validators/survey'
import { clock } from '#services/clock'

/** Enkäter: the coordinator runs the yearly survey; contacts answer once; results in aggregate. */
export default class SurveysController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const surveys = await surveysFor(user)
    return view.render('pages/surveys/index', { surveys })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/surveys/form', { year: clock.year() })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(surveyValidator)
    const questions = questionLines(values.questions)
    if (
      questions.length > MAX_QUESTIONS ||
      questions.some((text) => text.length > QUESTION_MAX_LENGTH)
    ) {
      return refuseForm(
        { session, response },
        i18n.t('surveys.tooManyQuestions', { max: MAX_QUESTIONS })
      )
    }
    const id = await createSurvey(
      { title: values.title, year: values.year, questions },
      auth.getUserOrFail().id
    )
    session.flash('success', i18n.t('surveys.created'))
    return response.redirect().toRoute('surveys.show', { id })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const survey = await findSurveyOrFail(params.id)
    // a draft is the coordinator's: for anyone else it does not exist yet
    if (survey.status === 'utkast' && !user.isCoordinator) throw new errors.E_ROW_NOT_FOUND()
    const answered = await hasAnswered(survey.id, user.id)
    // results for everyone once the survey has closed, never before (docs/adr/0011);
    // while it runs the office follows how many have answered
    return view.render('pages/surveys/show', {
      survey,
      questions: await surveyQuestions(survey.id),
      canAnswer: user.isContact && survey.status === 'oppen' && !answered,
      answered,
      participation:
        !user.isContact && survey.status === 'oppen' ? await participation(survey.id) : null,
      results: await surveyResults(survey.id),
      scores: SCORES,
      minResponses: MIN_RESPONSES_FOR_RESULTS,
    })
  }

  async respond({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('answerSurvey')
    const survey = await findSurveyOrFail(params.id)
    const values = await request.validateUsing(surveyAnswerValidator)
    const result = await answerSurvey(
      survey.id,
      auth.getUserOrFail().id,
      values.scores ?? {},
      values.freeText ?? null
    )
    if (!result.ok) {
      session.flash(
        'error',
        i18n.t(`surveys.errors.${result.error}`, 'params' in result ? result.params : {})
      )
      session.flashAll()
      return response.redirect().toRoute('surveys.show', { id: survey.id })
    }
    session.flash('success', i18n.t('surveys.thanks'))
    return response.redirect().toRoute('surveys.show', { id: survey.id })
  }

  async updateStatus({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const survey = await findSurveyOrFail(params.id)
    const { status } = await request.validateUsing(surveyStatusValidator)
    const result = await setSurveyStatus(survey.id, status, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t(`surveys.statusChanged.${status}`))
    else session.flash('error', i18n.t(`surveys.refused.${result.error}`))
    return response.redirect().toRoute('surveys.show', { id: survey.id })
  }
}
