import db from '@adonisjs/lucid/services/db'
import User from '#models/user'

/**
 * The user list: each user with the codes of every organisation they act for (the home one
 * first, then the others by code) in `$extras.organisation_codes` (docs/adr/0028).
 */
export function listUsers() {
  const organisationCodes = db
    .from('user_organisations as uo')
    .join('organisations as o', 'o.id', 'uo.organisation_id')
    .whereColumn('uo.user_id', 'users.id')
    .select(
      db.raw(
        'coalesce(array_agg(o.code ORDER BY uo.organisation_id = users.organisation_id DESC, o.code), ARRAY[]::text[])'
      )
    )
    .as('organisation_codes')
  return User.query()
    .preload('organisation')
    .select('users.*', organisationCodes)
    .orderBy('is_active', 'desc')
    .orderBy('full_name')
}
