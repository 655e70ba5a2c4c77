import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'

/** A new survey (a draft) with its questions, audited. */
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
      entityType: 'survey',
      entityId: `enkat-${survey.id}`,
      summary: `Enkäten "${input.title}" skapades med ${input.questions.length} frågor`,
    })
    return Number(survey.id)
  })
}
