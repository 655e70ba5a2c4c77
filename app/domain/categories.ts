/**
 * Routine and forum categories: reference data the coordinator manages. The kinds, as
 * they appear in paths, and the rules for changing a category.
 */
export const CATEGORY_KINDS = ['rutiner', 'forum'] as const
export type CategoryKind = (typeof CATEGORY_KINDS)[number]

export function isCategoryKind(value: unknown): value is CategoryKind {
  return CATEGORY_KINDS.includes(value as CategoryKind)
}

/** A refusal of a category change, as an i18n key under `categories.` with its parameters. */
export type CategoryRefusal =
  | { code: 'nameTaken'; name: string }
  | { code: 'inUse'; name: string; count: number }
  | { code: 'keptForMeetings'; name: string }

export interface CategoryUsage {
  name: string
  /** routines, or forum threads, filed under it */
  uses: number
  /** the forum category that holds the meetings' threads */
  purpose: string | null
}

/** A category can be deleted only when nothing is filed under it. */
export function deletionRefusal(category: CategoryUsage): CategoryRefusal | null {
  if (category.purpose === 'meetings') return { code: 'keptForMeetings', name: category.name }
  if (category.uses > 0) return { code: 'inUse', name: category.name, count: category.uses }
  return null
}

/** Archiving hides a category from new routines and threads; the meetings' one must stay. */
export function archiveRefusal(category: CategoryUsage): CategoryRefusal | null {
  return category.purpose === 'meetings' ? { code: 'keptForMeetings', name: category.name } : null
}
