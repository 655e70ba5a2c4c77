/**
 * The organisation × pool matrix of a period and who approved it (docs/adr/0024); the
 * arithmetic, filter and sort are app/domain/allocation_matrix.ts.
 */
import db from '@adonisjs/lucid/services/db'
import { isPeriod, previousMonth } from '#domain/periods'
import { allocationMatrix, type MatrixOptions } from '#domain/allocation_matrix'
import { SimplePaginator } from '@adonisjs/lucid/database'

export async function periodMatrix(period: string, options: MatrixOptions) {
  const pools = await db
    .from('allocations as a')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .where('a.period', period)
    .orderBy('c.id')
    .select('c.code', 'c.name')
  const shares = await db
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .join('organisations as o', 'o.id', 's.organisation_id')
    .where('a.period', period)
    .select('o.id', 'o.code', 'o.name', 'o.kind', 'c.code as pool', 's.amount_ore')
  const previous = await db
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .where('a.period', previousMonth(period))
    .select('s.organisation_id', 's.amount_ore')
  const matrix = allocationMatrix(
    pools.map((pool) => pool.code as string),
    shares.map((row) => ({
      organisationId: row.id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      pool: row.pool,
      amountOre: BigInt(row.amount_ore),
    })),
    previous.map((row) => ({
      organisationId: row.organisation_id,
      amountOre: BigInt(row.amount_ore),
    })),
    options
  )
  return {
    ...matrix,
    /** the page links (components/pagination); the caller sets its base URL and filter */
    paginator: new SimplePaginator(matrix.rowCount, matrix.pageSize, matrix.page, ...matrix.rows),
    poolNames: Object.fromEntries(pools.map((pool) => [pool.code, pool.name])),
    previousPeriod: previousMonth(period),
  }
}

/** "Godkänd av … den …": the approver's name and time, or null. */
export async function approvedBy(period: string) {
  const row = await db
    .from('periods as p')
    .leftJoin('users as u', 'u.id', 'p.approved_by')
    .where('p.period', period)
    .whereNotNull('p.approved_at')
    .select('u.full_name', 'p.approved_at', 'p.status')
    .first()
  return row ? { by: (row.full_name as string | null) ?? null, at: row.approved_at as Date } : null
}

/** The period row, or null (a text that is no period: null). */
export async function findPeriod(period: unknown) {
  if (!isPeriod(period)) return null
  return (await db.from('periods').where('period', period).first()) ?? null
}
