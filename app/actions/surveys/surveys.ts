/**
 * The yearly satisfaction survey of the telephony contacts: questions on a 1–5 scale and
 * free text; each contact answers once; results only in aggregate, only once the survey
 * has closed, and only from five answers (docs/adr/0011).
 *
 * Who answered (`survey_participants`) is written with a sealed ballot; the ballots are
 * opened and counted when the survey closes, in one transaction that writes the results
 * anew, so no result row shares a transaction, an order or a time with a participant.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit } from '#services/audit'
import { getSettings } from '#services/settings'
import { openBallot, sealBallot } from '#services/ballot_box'

export const SURVEY_STATUSES = ['utkast', 'oppen', 'stangd'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]
export const SCORES = [1, 2, 3, 4, 5] as const
/**
 * Results are shown from this many answers, so that no single person's answer can be read
 * off the figures; a survey that closes with fewer does not keep its answers.
 */
export const MIN_RESPONSES_FOR_RESULTS = 5
export const MAX_QUESTIONS = 20

export async function createSurvey(
  input: { title: string; year: number; questions: string[] },
  userId: number
) {
  return db.transaction(async (trx) => {
    const [survey] = await trx
      .table('surveys')
      .insert({ title: input.title, year: input.year, created_by: userId })
      .returning('id')
    await trx
      .table('survey_questions')
      .multiInsert(
        input.questions.map((text, index) => ({ survey_id: survey.id, position: index + 1, text }))
      )
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'setting',
      entityId: `enkat-${survey.id}`,
      summary: `Enkäten "${input.title}" skapades med ${input.questions.length} frågor`,
    })
    return Number(survey.id)
  })
}

/**
 * Open a draft, or close a survey. Closing counts the sealed ballots into the results; a
 * closed survey cannot be opened again (a later answer could be read off a before/after
 * comparison of the results).
 */
export async function setSurveyStatus(surveyId: number, status: SurveyStatus, userId: number) {
  const result = await db.transaction(async (trx) => {
    const survey = await trx.from('surveys').where('id', surveyId).forUpdate().firstOrFail()
    if (status === survey.status) return { ok: true as const, survey }
    // refusals are i18n keys (surveys.refused.*)
    if (status === 'utkast') return { ok: false as const, error: 'backToDraft' as const }
    if (survey.status === 'stangd') return { ok: false as const, error: 'reopen' as const }
    if (status === 'oppen') {
      await trx
        .from('surveys')
        .where('id', surveyId)
        .update({ status, opened_at: new Date(), closed_at: null })
    } else {
      await tallyBallots(trx, surveyId)
      await trx.from('surveys').where('id', surveyId).update({ status, closed_at: new Date() })
    }
    return { ok: true as const, survey }
  })
  if (!result.ok) return result
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'setting',
    entityId: `enkat-${surveyId}`,
    summary: `Enkäten "${result.survey.title}": ${status}`,
  })
  return { ok: true as const }
}

/**
 * Open the survey's ballots and write its results anew, all in the closing transaction:
 * the score counts in question and score order, the free texts in alphabetical order,
 * and nothing at all when fewer than five answered (only their number is kept).
 */
async function tallyBallots(trx: TransactionClientContract, surveyId: number) {
  const counts = new Map<string, number>()
  for (const row of await trx.from('survey_score_counts').where('survey_id', surveyId)) {
    counts.set(`${row.question_id}:${row.score}`, Number(row.answers))
  }
  const freeTexts: string[] = (
    await trx.from('survey_free_texts').where('survey_id', surveyId)
  ).map((row) => row.free_text)
  const survey = await trx.from('surveys').where('id', surveyId).firstOrFail()
  let answers = Number(survey.answers)
  for (const { sealed } of await trx
    .from('survey_ballots')
    .where('survey_id', surveyId)
    .select('sealed')) {
    const ballot = openBallot(surveyId, sealed)
    // sealed with another key (APP_KEY changed while the survey was open): cannot be counted
    if (!ballot)
      throw new Error(`Enkät ${surveyId}: ett svar kan inte öppnas med nuvarande APP_KEY`)
    answers++
    for (const [questionId, score] of Object.entries(ballot.scores)) {
      counts.set(`${questionId}:${score}`, (counts.get(`${questionId}:${score}`) ?? 0) + 1)
    }
    if (ballot.freeText) freeTexts.push(ballot.freeText)
  }
  await trx.from('survey_ballots').where('survey_id', surveyId).delete()
  await trx.from('survey_score_counts').where('survey_id', surveyId).delete()
  await trx.from('survey_free_texts').where('survey_id', surveyId).delete()
  await trx.from('surveys').where('id', surveyId).update({ answers })
  if (answers < MIN_RESPONSES_FOR_RESULTS) return
  const rows = [...counts]
    .map(([key, count]) => {
      const [questionId, score] = key.split(':').map(Number)
      return { survey_id: surveyId, question_id: questionId, score, answers: count }
    })
    .sort((a, b) => a.question_id - b.question_id || a.score - b.score)
  if (rows.length > 0) await trx.table('survey_score_counts').multiInsert(rows)
  const texts = freeTexts
    .sort((a, b) => a.localeCompare(b, 'sv'))
    .map((text) => ({ survey_id: surveyId, free_text: text }))
  if (texts.length > 0) await trx.table('survey_free_texts').multiInsert(texts)
}

/** One contact's answer (scores keyed `q<question id>`): every question scored 1–5, free text optional; only once per survey. */
export async function answerSurvey(
  surveyId: number,
  userId: number,
  scores: Record<string, unknown>,
  freeText: string | null
) {
  const questions = await db
    .from('survey_questions')
    .where('survey_id', surveyId)
    .orderBy('position')
  // keyed `q<id>`: numeric keys would be turned into a (compacted) array by the form parser
  const parsed = questions.map((question) => ({
    question,
    score: Number(scores[`q${question.id}`]),
  }))
  const missing = parsed
    .filter(({ score }) => !SCORES.includes(score as (typeof SCORES)[number]))
    .map(({ question }) => question.position)
  if (missing.length > 0) {
    return {
      ok: false as const,
      error: `Svara på ${missing.length === 1 ? 'fråga' : 'frågorna'} ${missing.join(', ')} med ett betyg från 1 till 5 innan du skickar.`,
    }
  }
  return db.transaction(async (trx) => {
    const survey = await trx.from('surveys').where('id', surveyId).forShare().firstOrFail()
    if (survey.status !== 'oppen')
      return { ok: false as const, error: 'Enkäten är inte öppen för svar.' }
    const inserted = await trx.rawQuery(
      'INSERT INTO survey_participants (survey_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING user_id',
      [surveyId, userId]
    )
    if (inserted.rows.length === 0)
      return { ok: false as const, error: 'Du har redan svarat på enkäten. Tack!' }
    // sealed: this row shares the participant's transaction, so it must not be readable
    const scoresById = Object.fromEntries(parsed.map(({ question, score }) => [question.id, score]))
    await trx.table('survey_ballots').insert({
      survey_id: surveyId,
      sealed: sealBallot(surveyId, { scores: scoresById, freeText: freeText || null }),
    })
    return { ok: true as const }
  })
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

/** Share of scores that are 4 or 5, as a fraction (null without answers); distribution = counts of 1..5. */
export function satisfiedShare(distribution: number[]) {
  const total = distribution.reduce((sum, count) => sum + count, 0)
  return total === 0 ? null : (distribution[3] + distribution[4]) / total
}

const totalAnswers = (questions: { total: number }[]) =>
  questions.reduce((sum, question) => sum + question.total, 0)
const overallSatisfiedTimes100 = (questions: { distribution: number[] }[]) =>
  questions.reduce(
    (sum, question) => sum + question.distribution[3] + question.distribution[4],
    0
  ) * 100

/** How many have answered so far (not what): for following the response rate while the survey runs. */
export async function participation(surveyId: number) {
  const answered = Number(
    (await db.from('survey_participants').where('survey_id', surveyId).count('* as count').first())
      ?.count ?? 0
  )
  const invited = Number(
    (
      await db
        .from('users')
        .where('role', 'telefoniansvarig')
        .where('is_active', true)
        .count('* as count')
        .first()
    )?.count ?? 0
  )
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
  const target = Number((await getSettings()).survey_satisfied_target_percent ?? 90)
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
  const freeTexts = (
    await db.from('survey_free_texts').where('survey_id', surveyId).select('free_text')
  )
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
