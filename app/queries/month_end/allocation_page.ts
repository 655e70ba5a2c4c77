import db from '@adonisjs/lucid/services/db'
import { validOnSql } from '#queries/validity'
import { staleness } from '#queries/month_end/staleness'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Of the given periods (not invoiced), those whose draft or approval has inputs that changed
 * since it was calculated: marked in the period list (docs/adr/0015).
 */
export async function stalePeriods(periods: string[]): Promise<string[]> {
  const stale: string[] = []
  for (const period of periods) {
    const { stale: isStale } = await staleness(db.connection(), period)
    if (isStale) stale.push(period)
  }
  return stale
}

/** Supplier-invoice pools active but without an invoice read for the period. */
export function emptyPoolsOf(period: string): Promise<string[]> {
  return emptySupplierPools(db.connection(), period)
}

/** The name of the user who confirmed an empty pool, or null. */
export async function userFullName(userId: number | string | null): Promise<string | null> {
  if (!userId) return null
  const user = await db.from('users').where('id', userId).select('full_name').first()
  return user?.full_name ?? null
}

/** The active pools fed by supplier invoices that have no supplier invoice for the period. */
export async function emptySupplierPools(
  client: TransactionClientContract | QueryClientContract,
  period: string
): Promise<string[]> {
  const rows = await client
    .from('cost_pools')
    .where('is_active', true)
    .where('amount_source', 'supplier_invoices')
    .whereNotExists((q) => q.from('supplier_invoices').where('period', period))
    .orderBy('id')
    .select('code')
  return rows.map((row) => row.code as string)
}

/**
 * How many extensions valid on the day belong to an organisation not active that day: they
 * are not allocated (the register's "Ej fördelningsbara" list shows them).
 */
export async function unallocatableExtensionCount(
  client: TransactionClientContract | QueryClientContract,
  day: string
): Promise<number> {
  const result = await client.rawQuery(
    `SELECT count(*)::int AS count FROM extensions e JOIN organisations o ON o.id = e.organisation_id
      WHERE ${validOnSql('e', ':day::date')}
        AND NOT (o.active_from <= :day::date AND (o.active_to IS NULL OR o.active_to >= :day::date))`,
    { day }
  )
  return result.rows[0].count as number
}
