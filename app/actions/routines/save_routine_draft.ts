import db from '@adonisjs/lucid/services/db'
import type { RoutineInput } from '#actions/routines/create_routine'

/** The coordinator's draft of a routine (the published versions do not change). */
export async function saveDraft(routineId: number, input: RoutineInput) {
  await db.from('routines').where('id', routineId).update({
    category_id: input.categoryId,
    draft_title: input.title,
    draft_body: input.body,
    requires_acknowledgement: input.requiresAcknowledgement,
    updated_at: new Date(),
  })
}
