import db from '@adonisjs/lucid/services/db'
import { sealBallot } from '#services/ballot_box'
import { SCORES, type SurveyRefusal } from '#domain/surveys'

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
      error: 'scoresMissing' satisfies SurveyRefusal,
      params: { count: missing.length, questions: missing.join(', ') },
    }
  }
  return db.transaction(async (trx) => {
    const survey = await trx.from('surveys').where('id', surveyId).forShare().firstOrFail()
    if (survey.status !== 'oppen')
      return { ok: false as const, error: 'notOpen' satisfies SurveyRefusal }
    const inserted = await trx.rawQuery(
      'INSERT INTO survey_participants (survey_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING user_id',
      [surveyId, userId]
    )
    if (inserted.rows.length === 0)
      return { ok: false as const, error: 'alreadyAnswered' satisfies SurveyRefusal }
    // sealed: this row shares the participant's transaction, so it must not be readable
    const scoresById = Object.fromEntries(parsed.map(({ question, score }) => [question.id, score]))
    await trx.table('survey_ballots').insert({
      survey_id: surveyId,
      sealed: sealBallot(surveyId, { scores: scoresById, freeText: freeText || null }),
    })
    return { ok: true as const }
  })
}
