import vine from '@vinejs/vine'
import { noControlCharacters } from '#validators/plain_text'
import { rowId } from '#validators/row_id'

/** The longest routine text (characters). */
export const ROUTINE_MAX_LENGTH = 100_000

/** A new routine goes under an active category; an edited one may keep its archived one. */
export const routineValidator = vine.withMetaData<{ currentCategoryId?: number }>().create({
  categoryId: rowId().exists(async (db, value, field) =>
    Boolean(
      await db
        .from('routine_categories')
        .where('id', value)
        .where((q) => q.whereNull('archived_at').orWhere('id', field.meta.currentCategoryId ?? 0))
        .first()
    )
  ),
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  body: vine.string().trim().minLength(1).maxLength(ROUTINE_MAX_LENGTH),
  requiresAcknowledgement: vine.boolean().optional(),
})

/** Publishing a version: what changed, and whether everyone must confirm it again. */
export const publishRoutineValidator = vine.create({
  changeNote: vine.string().trim().minLength(3).maxLength(1000),
  significant: vine.boolean().optional(),
})
