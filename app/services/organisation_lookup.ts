import db from '@adonisjs/lucid/services/db'

export interface OrganisationRef {
  id: number
  code: string
  name: string
  kind: 'forvaltning' | 'bolag'
  activeFrom: string
  activeTo: string | null
}

/**
 * Organisations by code, for imports that name them. Loaded once per import (the
 * register is small), so rows are checked without a query each.
 */
export async function organisationsByCode(): Promise<Map<string, OrganisationRef>> {
  const rows = await db
    .from('organisations')
    .select(
      'id',
      'code',
      'name',
      'kind',
      db.raw(`to_char(active_from, 'YYYY-MM-DD') as active_from`),
      db.raw(`to_char(active_to, 'YYYY-MM-DD') as active_to`)
    )
  return new Map(
    rows.map((row) => [
      row.code,
      {
        id: row.id,
        code: row.code,
        name: row.name,
        kind: row.kind,
        activeFrom: row.active_from,
        activeTo: row.active_to,
      },
    ])
  )
}

/** Active on a day (ISO date), both ends inclusive. */
export function isActiveOn(organisation: OrganisationRef, day: string) {
  return organisation.activeFrom <= day && (!organisation.activeTo || organisation.activeTo >= day)
}
