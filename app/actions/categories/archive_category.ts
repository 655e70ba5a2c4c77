/** Archive a category (no new routines or threads under it) or bring it back. */
import db from '@adonisjs/lucid/services/db'
import { archiveRefusal, type CategoryKind, type CategoryRefusal } from '#domain/categories'
import { CATEGORY_TABLES, findCategory } from '#queries/categories/categories'
import { recordAudit } from '#services/audit'

export async function archiveCategory(
  kind: CategoryKind,
  id: number,
  archived: boolean,
  userId: number
): Promise<{ ok: true } | { ok: false; refusal: CategoryRefusal } | null> {
  const category = await findCategory(kind, id)
  if (!category) return null
  const refusal = archived ? archiveRefusal(category) : null
  if (refusal) return { ok: false, refusal }
  await db.transaction(async (trx) => {
    await trx
      .from(CATEGORY_TABLES[kind].table)
      .where('id', id)
      .update({ archived_at: archived ? new Date() : null })
    await recordAudit(trx, {
      userId,
      action: archived ? 'deactivate' : 'activate',
      entityType: 'category',
      entityId: `${kind}-${id}`,
      summary: `${archived ? 'Arkiverade' : 'Återställde'} kategorin ${category.name}`,
    })
  })
  return { ok: true }
}
