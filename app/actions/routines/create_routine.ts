import db from '@adonisjs/lucid/services/db'

export interface RoutineInput {
  categoryId: number
  title: string
  body: string
  requiresAcknowledgement: boolean
}

/** A new routine as a draft (nothing is published until the coordinator publishes it). */
export async function createRoutine(input: RoutineInput, userId: number) {
  const [row] = await db
    .table('routines')
    .insert({
      category_id: input.categoryId,
      draft_title: input.title,
      draft_body: input.body,
      requires_acknowledgement: input.requiresAcknowledgement,
      created_by: userId,
    })
    .returning('id')
  return Number(row.id)
}
