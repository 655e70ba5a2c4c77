/**
 * Reads of the surveys: the list for a user, one survey, its questions, whether a user has
 * answered, how many have (not what), and the results of a closed survey.
 */
import db from '@adonisjs/lucid/services/db'
import { getSettings } from '#services/settings'
import {
  MIN_RESPONSES_FOR_RESULTS,
  SCORES,
  overallSatisfiedTimes100,
  satisfiedShare,
  totalAnswers,
} from '#domain/surveys'

/** A survey by id; 404 when there is none. */
export function findSurveyOrFail(id: number) {
  return db.from('surveys').where('id', id).firstOrFail()
}

/** A survey's questions in order. */
export function surveyQuestions(surveyId: number) {
  return db.from('survey_questions').where('survey_id', surveyId).orderBy('position')
}

/**
 * The surveys a user sees (drafts only for the coordinator), the latest year first, each
 * with whether the user has answered and how many have.
 */
export function surveysFor(user: { id: number; isCoordinator: boolean }) {
  return db
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
}

export async function hasAnswered(surveyId: number, userId: number) {
  return Boolean(
    await db
      .from('survey_participants')
      .where('survey_id', surveyId)
      .where('user_id', userId)
      .first()
  )
}

/** How many have answered so far (not what): for following the response rate while the survey runs. */
export async function participation(surveyId: number) {
  const participants = await db
    .from('survey_participants')
    .where('survey_id', surveyId)
    .count('* as count')
    .first()
  const contacts = await db
    .from('users')
    .where('role', 'telefoniansvarig')
    .where('is_active', true)
    .count('* as count')
    .first()
  const answered = Number(participants?.count ?? 0)
  const invited = Number(contacts?.count ?? 0)
  return { answered, invited }
}

/**
 * The results of a closed survey: per question the distribution, mean and share
 * satisfied; overall against the target. Null while the survey is open.
 */
export async function surveyResults(surveyId: number) {
  const survey = await db.from('surveys').where('id', surveyId).firstOrFail()
  if (survey.status !== 'stangd') return null
  const questions = await db
    .from('survey_questions')
    .where('survey_id', surveyId)
    .orderBy('position')
  const counts = await db.from('survey_score_counts').where('survey_id', surveyId)
  const responses = Number(survey.answers)
  const { invited } = await participation(surveyId)
  const settings = await getSettings()
  const target = Number(settings.survey_satisfied_target_percent ?? 90)
  const perQuestion = questions.map((question) => {
    const distribution = SCORES.map((score) =>
      Number(
        counts.find((row) => row.question_id === question.id && row.score === score)?.answers ?? 0
      )
    )
    const total = distribution.reduce((sum, count) => sum + count, 0)
    return {
      position: question.position,
      text: question.text,
      distribution,
      total,
      mean:
        total === 0
          ? null
          : distribution.reduce((sum, count, index) => sum + count * (index + 1), 0) / total,
      satisfied: satisfiedShare(distribution),
    }
  })
  const overall = satisfiedShare(
    SCORES.map((_, index) =>
      perQuestion.reduce((sum, question) => sum + question.distribution[index], 0)
    )
  )
  // free texts in alphabetical order: nothing about when or by whom
  const storedTexts = await db
    .from('survey_free_texts')
    .where('survey_id', surveyId)
    .select('free_text')
  const freeTexts = storedTexts
    .map((row) => String(row.free_text))
    .sort((a, b) => a.localeCompare(b, 'sv'))
  return {
    responses,
    invited,
    target,
    overall,
    // compared in whole answers, not floating percent: 9 of 10 meets 90 %
    meetsTarget:
      overall !== null &&
      overallSatisfiedTimes100(perQuestion) >= target * totalAnswers(perQuestion),
    questions: perQuestion,
    freeTexts,
    enough: responses >= MIN_RESPONSES_FOR_RESULTS,
  }
}
