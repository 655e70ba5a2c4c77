/** Delete a category nothing is filed under; one in use is refused (archive it instead). */
import db from '@adonisjs/lucid/services/db'
import { deletionRefusal, type CategoryKind, type CategoryRefusal } from '#domain/categories'
import { CATEGORY_TABLES, findCategory } from '#queries/categories/categories'
import { recordAudit } from '#services/audit'

const FOREIGN_KEY_VIOLATION = '23503'

export async function deleteCategory(
  kind: CategoryKind,
  id: number,
  userId: number
): Promise<{ ok: true } | { ok: false; refusal: CategoryRefusal } | null> {
  const category = await findCategory(kind, id)
  if (!category) return null
  const refusal = deletionRefusal(category)
  if (refusal) return { ok: false, refusal }
  try {
    await db.transaction(async (trx) => {
      await trx.from(CATEGORY_TABLES[kind].table).where('id', id).delete()
      await recordAudit(trx, {
        userId,
        action: 'delete',
        entityType: 'category',
        entityId: `${kind}-${id}`,
        summary: `Tog bort kategorin ${category.name}`,
      })
    })
  } catch (error) {
    // something was filed under it after we counted: the foreign key keeps it
    if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw error
    return { ok: false, refusal: { code: 'inUse', name: category.name, count: 1 } }
  }
  return { ok: true }
}
