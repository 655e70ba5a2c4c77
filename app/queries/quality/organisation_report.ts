/** Reads of one organisation's monthly report: its deviations and its cost shares. */
import db from '@adonisjs/lucid/services/db'

/** The organisation's deviations that occurred in the month (Stockholm time). */
export function organisationDeviations(organisationId: number, period: string) {
  return db
    .from('deviations')
    .where('organisation_id', organisationId)
    .whereRaw(`to_char(occurred_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') = ?`, [period])
    .orderBy('id')
    .select('id', 'type', 'status', 'description')
}

/** The organisation's share of each cost pool in the month's allocation. */
export async function organisationShares(organisationId: number, period: string) {
  const rows = await db
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .join('cost_pools as p', 'p.id', 'a.cost_pool_id')
    .where('a.period', period)
    .where('s.organisation_id', organisationId)
    .orderBy('p.id')
    .select('p.name', 's.weight', 's.amount_ore')
  return rows.map((share) => ({
    pool: share.name as string,
    count: Number(share.weight),
    amountOre: BigInt(share.amount_ore),
  }))
}
