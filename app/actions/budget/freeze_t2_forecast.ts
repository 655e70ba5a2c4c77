/**
 * Freeze the T2 forecast when the year's August is locked (issue 17 point 3, docs/adr/0029
 * §3, docs/budget.md): per cost pool the forecast as it stands at that moment — the actual
 * of January–August's closed months + September–December by the method in force — with its
 * basis, and the year's total as the sum of the lines. Called by the month-end's issuing
 * inside its transaction, so a failed issue leaves no forecast and a failed freeze no issue.
 *
 * The first locking wins: a forecast already frozen for the year is kept as it is (a
 * correction or credit note of August changes the actual, not what was reported at T2).
 * A year without any budget freezes nothing — there is no forecast to report.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { forecastAsOf } from '#domain/budget'
import { budgetYear } from '#queries/budget/budget_year'

export type FreezeT2Result = 'frozen' | 'kept' | 'notAugust' | 'noBudget'

export async function freezeT2Forecast(
  trx: TransactionClientContract,
  period: string,
  userId: number | null
): Promise<FreezeT2Result> {
  if (period.slice(5, 7) !== '08') return 'notAugust'
  const year = Number(period.slice(0, 4))
  if (await trx.from('t2_forecasts').where('year', year).first()) return 'kept'
  const pools = await budgetYear(year, trx)
  if (!pools.some((pool) => pool.hasBudget)) return 'noBudget'
  const lines = pools.map((pool) => {
    const t2 = forecastAsOf(pool.forecast.months, pool.forecast.method, 8)
    return {
      year,
      cost_pool_id: pool.id,
      method: t2.method,
      method_used: t2.methodUsed,
      actual_months: t2.closedMonths,
      actual_ore: t2.actualToDateOre.toString(),
      rest_ore: t2.restOre.toString(),
      forecast_ore: t2.forecastOre.toString(),
    }
  })
  const total = lines.reduce((sum, line) => sum + BigInt(line.forecast_ore), 0n)
  // a concurrent first locking of the same August cannot happen (the period row is held by
  // the issue), but should two ever race, the primary key keeps the first and the second adds
  // no lines
  const inserted = await trx
    .table('t2_forecasts')
    .insert({ year, period, forecast_ore: total.toString(), frozen_by: userId })
    .onConflict('year')
    .ignore()
    .returning('year')
  if (inserted.length === 0) return 'kept'
  await trx.table('t2_forecast_pools').multiInsert(lines)
  return 'frozen'
}
