import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit } from '#services/audit'
import { label } from '#services/labels'
import { openBallot } from '#services/ballot_box'
import { MIN_RESPONSES_FOR_RESULTS, type SurveyStatus } from '#domain/surveys'

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
    entityType: 'survey',
    entityId: `enkat-${surveyId}`,
    summary: `Enkäten "${result.survey.title}": ${label('surveyStatus', status).toLowerCase()}`,
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
  const storedTexts = await trx.from('survey_free_texts').where('survey_id', surveyId)
  const freeTexts: string[] = storedTexts.map((row) => row.free_text)
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
