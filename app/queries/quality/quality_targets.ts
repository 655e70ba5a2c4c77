import db from '@adonisjs/lucid/services/db'

/** Every set of quality targets, the latest first, with its first day as an ISO date. */
export async function qualityTargetList() {
  return db
    .from('quality_targets')
    .orderBy('valid_from', 'desc')
    .select('*', db.raw(`to_char(valid_from, 'YYYY-MM-DD') as valid_day`))
}
