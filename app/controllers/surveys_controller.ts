import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { refuseForm } from '#services/form_refusal'
import { noControlCharacters } from '#validators/plain_text'
import {
  MAX_QUESTIONS,
  MIN_RESPONSES_FOR_RESULTS,
  SCORES,
  SURVEY_STATUSES,
  answerSurvey,
  createSurvey,
  hasAnswered,
  participation,
  setSurveyStatus,
  surveyResults,
} from '#actions/surveys/surveys'
import { clock } from '#services/clock'

const surveyValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  year: vine.number().withoutDecimals().min(2000).max(2100),
  // one question per line, at least one line with text
  questions: vine.string().trim().maxLength(10_000).regex(/\S/),
})
const answerValidator = vine.create({
  scores: vine.record(vine.any()).optional(),
  freeText: vine.string().trim().maxLength(5000).optional(),
})
const statusValidator = vine.create({ status: vine.enum(SURVEY_STATUSES) })

async function surveyOrFail(id: unknown) {
  const survey = await db.from('surveys').where('id', Number(id)).first()
  if (!survey) throw new Exception('Enkäten finns inte', { status: 404 })
  return survey
}

/** Enkäter: the coordinator runs the yearly survey; contacts answer once; results in aggregate. */
export default class SurveysController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const surveys = await db
      .from('surveys as s')
      .if(!user.isCoordinator, (q) => q.whereNot('s.status', 'utkast'))
      .leftJoin('survey_participants as p', (join) =>
        join.on('p.survey_id', 's.id').andOnVal('p.user_id', user.id)
      )
      .orderBy('s.year', 'desc')
      .orderBy('s.id', 'desc')
      .select(
        's.*',
        db.raw('p.user_id IS NOT NULL AS answered'),
        db.raw(
          '(SELECT count(*) FROM survey_participants r WHERE r.survey_id = s.id)::int AS responses'
        )
      )
    return view.render('pages/surveys/index', { surveys })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/surveys/form', { year: clock.year() })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(surveyValidator)
    const questions = values.questions
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
    if (questions.length > MAX_QUESTIONS || questions.some((text) => text.length > 300)) {
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
    const survey = await surveyOrFail(params.id)
    if (survey.status === 'utkast' && !user.isCoordinator)
      throw new Exception('Enkäten finns inte', { status: 404 })
    const answered = await hasAnswered(survey.id, user.id)
    // results for everyone once the survey has closed, never before (docs/adr/0011);
    // while it runs the office follows how many have answered
    return view.render('pages/surveys/show', {
      survey,
      questions: await db
        .from('survey_questions')
        .where('survey_id', survey.id)
        .orderBy('position'),
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
    const survey = await surveyOrFail(params.id)
    const values = await request.validateUsing(answerValidator)
    const result = await answerSurvey(
      survey.id,
      auth.getUserOrFail().id,
      values.scores ?? {},
      values.freeText ?? null
    )
    if (!result.ok) {
      session.flash('error', result.error)
      session.flashAll()
      return response.redirect().toRoute('surveys.show', { id: survey.id })
    }
    session.flash('success', i18n.t('surveys.thanks'))
    return response.redirect().toRoute('surveys.show', { id: survey.id })
  }

  async updateStatus({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const survey = await surveyOrFail(params.id)
    const { status } = await request.validateUsing(statusValidator)
    const result = await setSurveyStatus(survey.id, status, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t(`surveys.statusChanged.${status}`))
    else session.flash('error', i18n.t(`surveys.refused.${result.error}`))
    return response.redirect().toRoute('surveys.show', { id: survey.id })
  }
}
