import Organisation from '#models/organisation'

export interface OrganisationFilter {
  q?: string
  kind?: 'forvaltning' | 'bolag'
  /** active today, inactive today, or all (default: active) */
  status?: 'active' | 'inactive' | 'all'
  page?: number
}

const ACTIVE_TODAY = `active_from <= current_date AND (active_to IS NULL OR active_to >= current_date)`

/** The organisations register, searchable by code and name. */
export function listOrganisations(filter: OrganisationFilter, perPage = 50) {
  const query = Organisation.query().orderBy('code')
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query.where((builder) => builder.whereILike('code', like).orWhereILike('name', like))
  }
  if (filter.kind) query.where('kind', filter.kind)
  const status = filter.status ?? 'active'
  if (status === 'active') query.whereRaw(ACTIVE_TODAY)
  if (status === 'inactive') query.whereRaw(`NOT (${ACTIVE_TODAY})`)
  return query.paginate(filter.page ?? 1, perPage)
}

/** Options for select boxes: every organisation, by code. */
export function organisationOptions() {
  return Organisation.query().select('id', 'code', 'name').orderBy('code')
}

/**
 * Options for something that concerns an organisation from today on (an avstämning): the
 * organisations active today, and `keepId` (the one a form already holds) whatever its state.
 */
export function activeOrganisationOptions(keepId: number | null = null) {
  return Organisation.query()
    .select('id', 'code', 'name')
    .where((query) => {
      query.whereRaw(ACTIVE_TODAY)
      if (keepId !== null) query.orWhere('id', keepId)
    })
    .orderBy('code')
}
