import db from '@adonisjs/lucid/services/db'

/** Every cost pool, with the key dates set per year (newest year first). */
export async function listCostPools() {
  const pools = await db.from('cost_pools').orderBy('id')
  const keyDates = await db
    .from('pool_key_dates')
    .select(
      'cost_pool_id',
      'year',
      db.raw(`to_char(key_date, 'YYYY-MM-DD') as key_date`),
      'key_month'
    )
    .orderBy('year', 'desc')
  return { pools, keyDates }
}

/** One cost pool, or a 404 when it does not exist. */
export function findCostPoolOrFail(id: number | string) {
  return db.from('cost_pools').where('id', id).firstOrFail()
}
