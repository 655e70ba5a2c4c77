import Import from '#models/import'

/** Every import, newest first (the import history page). */
export function listImports(filter: { type?: string; page?: number }, perPage = 50) {
  const query = Import.query().preload('user').orderBy('id', 'desc')
  if (filter.type) query.where('type', filter.type)
  return query.paginate(filter.page ?? 1, perPage)
}
