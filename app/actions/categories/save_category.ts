/** Create or change a routine or forum category (name, description, place in the order). */
import db from '@adonisjs/lucid/services/db'
import type { CategoryKind, CategoryRefusal } from '#domain/categories'
import { CATEGORY_TABLES } from '#queries/categories/categories'
import { recordAudit } from '#services/audit'

export interface CategoryInput {
  name: string
  description?: string | null
  /** the place in the list; a new category goes last when it is not given */
  sortOrder?: number | null
}

const UNIQUE_VIOLATION = '23505'

export async function saveCategory(
  kind: CategoryKind,
  id: number | null,
  input: CategoryInput,
  userId: number
): Promise<{ ok: true; id: number } | { ok: false; refusal: CategoryRefusal }> {
  const { table } = CATEGORY_TABLES[kind]
  try {
    return await db.transaction(async (trx) => {
      const values: Record<string, unknown> = { name: input.name }
      if (kind === 'forum' && input.description !== undefined)
        values.description = input.description ?? ''
      if (input.sortOrder !== undefined && input.sortOrder !== null)
        values.sort_order = input.sortOrder
      let savedId = id
      if (savedId === null) {
        if (values.sort_order === undefined) {
          const last = await trx.from(table).max('sort_order as max').first()
          values.sort_order = Number(last?.max ?? 0) + 10
        }
        const [row] = await trx.table(table).insert(values).returning('id')
        savedId = Number(row.id)
      } else {
        await trx.from(table).where('id', savedId).update(values)
      }
      await recordAudit(trx, {
        userId,
        action: id === null ? 'create' : 'update',
        entityType: 'category',
        entityId: `${kind}-${savedId}`,
        summary: `${kind === 'rutiner' ? 'Rutinkategori' : 'Forumkategori'} ${input.name}`,
        changes: Object.fromEntries(
          Object.entries(values).map(([field, to]) => [field, { from: null, to }])
        ),
      })
      return { ok: true as const, id: savedId }
    })
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      return { ok: false, refusal: { code: 'nameTaken', name: input.name } }
    }
    throw error
  }
}
