/**
 * Read models of the extensions register, always "as of" a date: an entry counts when
 * valid_from ≤ D and (valid_to is empty or ≥ D) — the same rule the allocation uses.
 * `organisationId` limits every query to one organisation (a telephony contact's own).
 */
import db from '@adonisjs/lucid/services/db'
import { validOnSql } from '#queries/validity'

export interface RegisterFilter {
  asOf: string
  q?: string
  organisationId?: number | null
  page?: number
}

/** valid on the day bound twice as `?` (app/queries/validity.ts) */
const ACTIVE_AT = validOnSql('e', '?::date')

export function extensionsAsOf(filter: RegisterFilter, perPage = 100) {
  const query = db
    .from('extensions as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .whereRaw(ACTIVE_AT, [filter.asOf, filter.asOf])
    .select(
      'e.id',
      'e.number',
      'e.name',
      'e.type',
      db.raw(`to_char(e.valid_from, 'YYYY-MM-DD') as valid_from`),
      db.raw(`to_char(e.valid_to, 'YYYY-MM-DD') as valid_to`),
      'o.id as organisation_id',
      'o.code as organisation_code',
      'o.name as organisation_name'
    )
    .orderBy('e.number')
  if (filter.organisationId) query.where('e.organisation_id', filter.organisationId)
  if (filter.q) {
    const digits = filter.q.replace(/\D/g, '')
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query.where((q) => {
      q.whereILike('e.name', like)
      if (digits) q.orWhere('e.number', 'like', `%${digits}%`)
    })
  }
  return query.paginate(filter.page ?? 1, perPage)
}

/** Every entry a number has had, oldest first. */
export function extensionHistory(number: string, organisationId?: number | null) {
  const query = db
    .from('extensions as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .leftJoin('imports as i', 'i.id', 'e.import_id')
    .where('e.number', number)
    .select(
      'e.name',
      'e.type',
      db.raw(`to_char(e.valid_from, 'YYYY-MM-DD') as valid_from`),
      db.raw(`to_char(e.valid_to, 'YYYY-MM-DD') as valid_to`),
      'o.code as organisation_code',
      'o.name as organisation_name',
      'e.import_id',
      'i.file_name',
      // an entry an extension order made (docs/adr/0033) names the order instead of a file
      'e.order_id'
    )
    .orderBy('e.valid_from')
  if (organisationId) query.where('e.organisation_id', organisationId)
  return query
}

/** Number of extensions per organisation on a date (with inactive organisations marked). */
export async function countsPerOrganisation(asOf: string, organisationId?: number | null) {
  const query = db
    .from('extensions as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .whereRaw(ACTIVE_AT, [asOf, asOf])
    .groupBy('o.id', 'o.code', 'o.name', 'o.kind', 'o.active_from', 'o.active_to')
    .select(
      'o.id',
      'o.code',
      'o.name',
      'o.kind',
      db.raw('count(*)::int as count'),
      db.raw(
        `(o.active_from <= ?::date AND (o.active_to IS NULL OR o.active_to >= ?::date)) as active`,
        [asOf, asOf]
      )
    )
    .orderBy('o.code')
  if (organisationId) query.where('o.id', organisationId)
  return query
}

/**
 * "Ej fördelningsbara": extensions on a date that no allocation can charge, because their
 * organisation is not active on that date.
 */
export function unallocatableExtensions(asOf: string) {
  return db
    .from('extensions as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .whereRaw(ACTIVE_AT, [asOf, asOf])
    .whereRaw(
      `NOT (o.active_from <= ?::date AND (o.active_to IS NULL OR o.active_to >= ?::date))`,
      [asOf, asOf]
    )
    .select(
      'e.number',
      'e.name',
      db.raw(`to_char(e.valid_from, 'YYYY-MM-DD') as valid_from`),
      'o.code as organisation_code',
      'o.name as organisation_name',
      db.raw(`to_char(o.active_from, 'YYYY-MM-DD') as active_from`),
      db.raw(`to_char(o.active_to, 'YYYY-MM-DD') as active_to`)
    )
    .orderBy(['o.code', 'e.number'])
}
