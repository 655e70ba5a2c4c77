/**
 * The yearly satisfaction survey of the telephony contacts: questions on a 1–5 scale and
 * free text; each contact answers once; results only in aggregate (who answered is
 * stored apart from what was answered, see database/migrations/0024).
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { getSettings } from '#services/settings'

export const SURVEY_STATUSES = ['utkast', 'oppen', 'stangd'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]
export const SCORES = [1, 2, 3, 4, 5] as const
/** Results are shown from this many answers, so that no single person's answer shows. */
export const MIN_RESPONSES_FOR_RESULTS = 3
export const MAX_QUESTIONS = 20

export async function createSurvey(input: { title: string; year: number; questions: string[] }, userId: number) {
  return db.transaction(async (trx) => {
    const [survey] = await trx.table('surveys').insert({ title: input.title, year: input.year, created_by: userId }).returning('id')
    await trx.table('survey_questions').multiInsert(input.questions.map((text, index) => ({ survey_id: survey.id, position: index + 1, text })))
    await recordAudit(trx, { userId, action: 'create', entityType: 'setting', entityId: `enkat-${survey.id}`, summary: `Enkäten "${input.title}" skapades med ${input.questions.length} frågor` })
    return Number(survey.id)
  })
}

export async function setSurveyStatus(surveyId: number, status: SurveyStatus, userId: number) {
  const survey = await db.from('surveys').where('id', surveyId).firstOrFail()
  if (status === 'utkast' && survey.status !== 'utkast') return { ok: false as const, error: 'En enkät som öppnats kan inte bli utkast igen.' }
  await db
    .from('surveys')
    .where('id', surveyId)
    .update({ status, ...(status === 'oppen' ? { opened_at: new Date(), closed_at: null } : {}), ...(status === 'stangd' ? { closed_at: new Date() } : {}) })
  await recordAudit(null, { userId, action: 'update', entityType: 'setting', entityId: `enkat-${surveyId}`, summary: `Enkäten "${survey.title}": ${status}` })
  return { ok: true as const }
}

/** One contact's answer (scores keyed `q<question id>`): every question scored 1–5, free text optional; only once per survey. */
export async function answerSurvey(surveyId: number, userId: number, scores: Record<string, unknown>, freeText: string | null) {
  const questions = await db.from('survey_questions').where('survey_id', surveyId).orderBy('position')
  // keyed `q<id>`: numeric keys would be turned into a (compacted) array by the form parser
  const parsed = questions.map((question) => ({ question, score: Number(scores[`q${question.id}`]) }))
  const missing = parsed.filter(({ score }) => !SCORES.includes(score as (typeof SCORES)[number])).map(({ question }) => question.position)
  if (missing.length > 0) {
    return { ok: false as const, error: `Svara på ${missing.length === 1 ? 'fråga' : 'frågorna'} ${missing.join(', ')} med ett betyg från 1 till 5 innan du skickar.` }
  }
  return db.transaction(async (trx) => {
    const survey = await trx.from('surveys').where('id', surveyId).forShare().firstOrFail()
    if (survey.status !== 'oppen') return { ok: false as const, error: 'Enkäten är inte öppen för svar.' }
    const inserted = await trx.rawQuery('INSERT INTO survey_participants (survey_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING user_id', [surveyId, userId])
    if (inserted.rows.length === 0) return { ok: false as const, error: 'Du har redan svarat på enkäten. Tack!' }
    const [response] = await trx.table('survey_responses').insert({ survey_id: surveyId, free_text: freeText || null }).returning('id')
    await trx.table('survey_answers').multiInsert(parsed.map(({ question, score }) => ({ response_id: response.id, question_id: question.id, score })))
    return { ok: true as const }
  })
}

export async function hasAnswered(surveyId: number, userId: number) {
  return Boolean(await db.from('survey_participants').where('survey_id', surveyId).where('user_id', userId).first())
}

/** Share of scores that are 4 or 5, as a fraction (null without answers); distribution = counts of 1..5. */
export function satisfiedShare(distribution: number[]) {
  const total = distribution.reduce((sum, count) => sum + count, 0)
  return total === 0 ? null : (distribution[3] + distribution[4]) / total
}

const totalAnswers = (questions: { total: number }[]) => questions.reduce((sum, question) => sum + question.total, 0)
const overallSatisfiedTimes100 = (questions: { distribution: number[] }[]) =>
  questions.reduce((sum, question) => sum + question.distribution[3] + question.distribution[4], 0) * 100

/** The aggregate: per question the distribution, mean and share satisfied; overall against the target. */
export async function surveyResults(surveyId: number) {
  const questions = await db.from('survey_questions').where('survey_id', surveyId).orderBy('position')
  const counts = await db
    .from('survey_answers as a')
    .join('survey_questions as q', 'q.id', 'a.question_id')
    .where('q.survey_id', surveyId)
    .groupBy('a.question_id', 'a.score')
    .select('a.question_id', 'a.score', db.raw('count(*)::int as count'))
  const responses = Number((await db.from('survey_responses').where('survey_id', surveyId).count('* as count').first())?.count ?? 0)
  const invited = Number((await db.from('users').where('role', 'telefoniansvarig').where('is_active', true).count('* as count').first())?.count ?? 0)
  const target = Number((await getSettings()).survey_satisfied_target_percent ?? 90)
  const perQuestion = questions.map((question) => {
    const distribution = SCORES.map((score) => counts.find((row) => row.question_id === question.id && row.score === score)?.count ?? 0)
    const total = distribution.reduce((sum, count) => sum + count, 0)
    return {
      position: question.position,
      text: question.text,
      distribution,
      total,
      mean: total === 0 ? null : distribution.reduce((sum, count, index) => sum + count * (index + 1), 0) / total,
      satisfied: satisfiedShare(distribution),
    }
  })
  const overall = satisfiedShare(SCORES.map((_, index) => perQuestion.reduce((sum, question) => sum + question.distribution[index], 0)))
  // free texts in alphabetical order: nothing about when or by whom
  const freeTexts = (await db.from('survey_responses').where('survey_id', surveyId).whereNotNull('free_text').select('free_text'))
    .map((row) => String(row.free_text))
    .sort((a, b) => a.localeCompare(b, 'sv'))
  return {
    responses,
    invited,
    target,
    overall,
    // compared in whole answers, not floating percent: 9 of 10 meets 90 %
    meetsTarget: overall !== null && overallSatisfiedTimes100(perQuestion) >= target * totalAnswers(perQuestion),
    questions: perQuestion,
    freeTexts,
    enough: responses >= MIN_RESPONSES_FOR_RESULTS,
  }
}
