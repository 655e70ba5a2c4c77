/**
 * Reads of the routine and forum categories: the managed list (with how much is filed
 * under each) and the active ones offered in forms.
 */
import db from '@adonisjs/lucid/services/db'
import type { CategoryKind, CategoryUsage } from '#domain/categories'

export const CATEGORY_TABLES: Record<CategoryKind, { table: string; filed: string }> = {
  rutiner: { table: 'routine_categories', filed: 'routines' },
  forum: { table: 'forum_categories', filed: 'forum_threads' },
}

export interface CategoryRow extends CategoryUsage {
  id: number
  description: string | null
  sortOrder: number
  archived: boolean
}

/** Every category of a kind, in the order the coordinator gave, with its use count. */
export async function categoryList(kind: CategoryKind): Promise<CategoryRow[]> {
  const { table, filed } = CATEGORY_TABLES[kind]
  const rows = await db
    .from(`${table} as c`)
    .select(
      'c.id',
      'c.name',
      'c.sort_order',
      'c.archived_at',
      db.raw(kind === 'forum' ? 'c.description' : 'NULL AS description'),
      db.raw(kind === 'forum' ? 'c.purpose' : 'NULL AS purpose'),
      db.raw(`(SELECT count(*) FROM ${filed} f WHERE f.category_id = c.id)::int AS uses`)
    )
    .orderBy([{ column: 'c.sort_order' }, { column: 'c.name' }])
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    sortOrder: row.sort_order,
    archived: row.archived_at !== null,
    purpose: row.purpose,
    uses: row.uses,
  }))
}

/** One category with its use count, or null. */
export async function findCategory(kind: CategoryKind, id: number) {
  const categories = await categoryList(kind)
  return categories.find((category) => category.id === id) ?? null
}

/** The categories a new routine or thread can be filed under: not archived, in order. */
export function activeCategories(kind: CategoryKind) {
  return db
    .from(CATEGORY_TABLES[kind].table)
    .whereNull('archived_at')
    .orderBy([{ column: 'sort_order' }, { column: 'name' }])
}
