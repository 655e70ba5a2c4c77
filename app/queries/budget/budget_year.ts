/**
 * Actual against budget per pool and month, the year to date and the forecast (issue 17
 * point 1; docs/budget.md). A month is closed — its actual known — once its period is
 * approved or invoiced. Actual is the pool's amount as the month-end computed it (the
 * allocation); for a fixed-amount pool, whose charge is fixed, it is the pool's cost: its
 * cost entries (`import:costs`), and what it charged is shown beside it.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { forecastYear, type ForecastMethod, type YearForecast } from '#domain/budget'

type Client = QueryClientContract

export interface PoolYear {
  id: number
  code: string
  name: string
  fixed: boolean
  fixedMonthlyOre: bigint
  /** month → what a fixed pool charged in a closed month */
  chargedOre: bigint
  hasBudget: boolean
  forecast: YearForecast
}

const monthOfPeriod = (period: string) => Number(period.slice(5, 7))

/** The closed months of a year (approved or invoiced periods). */
export async function closedPeriods(year: number, client: Client = db.connection()) {
  const rows = await client
    .from('periods')
    .where('period', 'like', `${year}-%`)
    .whereIn('status', ['approved', 'invoiced'])
    .select('period', 'status')
  return new Map<string, string>(rows.map((row) => [row.period, row.status]))
}

export async function budgetYear(
  year: number,
  client: Client = db.connection()
): Promise<PoolYear[]> {
  const pools = await client.from('cost_pools').where('is_active', true).orderBy('id')
  const budgets = await client.from('budgets').where('year', year)
  const methods = await client.from('forecast_methods').where('year', year)
  const closed = await closedPeriods(year, client)
  const periods = [...closed.keys()]
  const allocated = await client
    .from('allocations')
    .whereIn('period', periods)
    .select('period', 'cost_pool_id', 'amount_ore')
  const costs = await client
    .from('cost_entries')
    .whereIn('period', periods)
    .whereNull('replaced_at')
    .groupBy('period', 'cost_pool_id')
    .select('period', 'cost_pool_id', client.raw('sum(amount_ore)::bigint AS amount_ore'))

  return pools.map((pool) => {
    const fixed = pool.amount_source === 'fixed'
    const actual = new Map<number, bigint>()
    let chargedOre = 0n
    for (const period of periods) actual.set(monthOfPeriod(period), 0n)
    for (const row of allocated.filter((r) => r.cost_pool_id === pool.id)) {
      if (fixed) chargedOre += BigInt(row.amount_ore)
      else actual.set(monthOfPeriod(row.period), BigInt(row.amount_ore))
    }
    if (fixed) {
      for (const row of costs.filter((r) => r.cost_pool_id === pool.id)) {
        actual.set(monthOfPeriod(row.period), BigInt(row.amount_ore))
      }
    }
    const own = budgets.filter((row) => row.cost_pool_id === pool.id)
    const method: ForecastMethod =
      methods.find((row) => row.cost_pool_id === pool.id)?.method ?? 'budget'
    const forecast = forecastYear(
      Array.from({ length: 12 }, (_, index) => ({
        month: index + 1,
        budgetOre: BigInt(own.find((row) => row.month === index + 1)?.amount_ore ?? 0),
        actualOre: actual.get(index + 1) ?? null,
      })),
      method
    )
    return {
      id: pool.id,
      code: pool.code,
      name: pool.name,
      fixed,
      fixedMonthlyOre: BigInt(pool.fixed_monthly_ore ?? 0),
      chargedOre,
      hasBudget: own.length > 0,
      forecast,
    }
  })
}

/** The years that have a budget, newest first (for the year picker). */
export async function budgetYears(client: Client = db.connection()) {
  const rows = await client.from('budgets').distinct('year').orderBy('year', 'desc')
  return rows.map((row) => Number(row.year))
}

/** The active cost pool a code names (any case), or null. */
export async function activePoolByCode(code: string, client: Client = db.connection()) {
  return (
    (await client
      .from('cost_pools')
      .where('code', String(code).toUpperCase())
      .where('is_active', true)
      .first()) ?? null
  )
}

/** A pool's budget for a year as twelve amounts in öre, January first (missing → 0). */
export async function poolBudgetMonths(
  poolId: number,
  year: number,
  client: Client = db.connection()
) {
  const rows = await client.from('budgets').where('cost_pool_id', poolId).where('year', year)
  return Array.from({ length: 12 }, (_, index) => {
    const row = rows.find((r) => Number(r.month) === index + 1)
    return row ? BigInt(row.amount_ore) : 0n
  })
}
