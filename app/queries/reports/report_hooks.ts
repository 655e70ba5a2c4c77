/**
 * Sections of the tertial and annual report that other modules fill: costs against budget
 * with the forecast and its accuracy (issue 17 points 1 and 3; docs/budget.md, ADR 0029)
 * and feedback by type (issue 16 point 5). Each is null when its module has nothing for
 * the year (no budget; no feedback types), and the report then says so.
 */
import db from '@adonisjs/lucid/services/db'
import type { DateRange } from '#domain/date_ranges'
import {
  forecastAccuracy,
  forecastAsOf,
  t2Forecast,
  t2TotalForecast,
  type BudgetMonth,
  type ForecastMethod,
  type T2Forecast,
} from '#domain/budget'
import { budgetYear } from '#queries/budget/budget_year'

export interface BudgetFigures {
  /** budget of January up to the report's last month */
  budgetOre: bigint
  /** actual of the closed months up to the report's last month */
  actualOre: bigint
  /** closed months up to the report's last month */
  closedMonths: number
  budgetYearOre: bigint
  /** the year's forecast as it stands today */
  forecastOre: bigint
  /**
   * the forecast at T2: as frozen when August was locked, else recomputed from the months
   * (once January–August are closed); `forecastT2` says which (ADR 0029 §3)
   */
  forecastT2Ore: bigint | null
  forecastT2: T2Forecast | null
  /** the year's actual, once all twelve months are closed */
  actualYearOre: bigint | null
  /** the T2 forecast above against the year's actual (target ±1 %), once both are known */
  accuracy: { deviationOre: bigint; deviationBp: bigint | null; withinTarget: boolean } | null
}

export interface BudgetSection {
  /** 4, 8 or 12: the report's last month */
  lastMonth: number
  pools: (BudgetFigures & { code: string; name: string; methodUsed: ForecastMethod })[]
  total: BudgetFigures
}

export interface FeedbackSection {
  types: { type: string; label: string; count: number; countLastYear: number }[]
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n)

export async function budgetSection(year: number, range: DateRange): Promise<BudgetSection | null> {
  const lastMonth = Number(range.to.slice(5, 7))
  const pools = await budgetYear(year)
  if (!pools.some((pool) => pool.hasBudget)) return null
  const frozen = await frozenT2Forecasts(year)
  const rows = pools.map((pool) => {
    const months: BudgetMonth[] = pool.forecast.months.map((m) => ({
      month: m.month,
      budgetOre: m.budgetOre,
      actualOre: m.actualOre,
    }))
    const upTo = months.filter((m) => m.month <= lastMonth)
    const t2Closed = months.filter((m) => m.month <= 8).every((m) => m.actualOre !== null)
    const yearClosed = months.every((m) => m.actualOre !== null)
    const forecastT2 = t2Forecast(
      year,
      frozen.get(pool.id) ?? null,
      t2Closed ? forecastAsOf(months, pool.forecast.method, 8).forecastOre : null
    )
    const forecastT2Ore = forecastT2?.forecastOre ?? null
    const actualYearOre = yearClosed ? sum(months.map((m) => m.actualOre ?? 0n)) : null
    return {
      code: pool.code,
      name: pool.name,
      methodUsed: pool.forecast.methodUsed,
      budgetOre: sum(upTo.map((m) => m.budgetOre)),
      actualOre: sum(upTo.map((m) => m.actualOre ?? 0n)),
      closedMonths: upTo.filter((m) => m.actualOre !== null).length,
      budgetYearOre: pool.forecast.budgetYearOre,
      forecastOre: pool.forecast.forecastOre,
      forecastT2Ore,
      forecastT2,
      actualYearOre,
      accuracy:
        forecastT2Ore !== null && actualYearOre !== null
          ? forecastAccuracy(forecastT2Ore, actualYearOre)
          : null,
    }
  })
  const allYear = rows.every((row) => row.actualYearOre !== null)
  const forecastT2 = t2TotalForecast(
    year,
    rows.map((row) => row.forecastT2)
  )
  const forecastT2Ore = forecastT2?.forecastOre ?? null
  const actualYearOre = allYear ? sum(rows.map((row) => row.actualYearOre!)) : null
  return {
    lastMonth,
    pools: rows,
    total: {
      budgetOre: sum(rows.map((row) => row.budgetOre)),
      actualOre: sum(rows.map((row) => row.actualOre)),
      closedMonths: Math.min(...rows.map((row) => row.closedMonths)),
      budgetYearOre: sum(rows.map((row) => row.budgetYearOre)),
      forecastOre: sum(rows.map((row) => row.forecastOre)),
      forecastT2Ore,
      forecastT2,
      actualYearOre,
      accuracy:
        forecastT2Ore !== null && actualYearOre !== null
          ? forecastAccuracy(forecastT2Ore, actualYearOre)
          : null,
    },
  }
}

/** The T2 forecast per cost pool as frozen when the year's August was locked (none before). */
async function frozenT2Forecasts(year: number) {
  const rows = await db
    .from('t2_forecast_pools')
    .where('year', year)
    .select('cost_pool_id', 'forecast_ore')
  return new Map(rows.map((row) => [Number(row.cost_pool_id), BigInt(row.forecast_ore)]))
}

/** Feedback routed to organisations (issue 16 point 5) per type, received in the range. */
async function feedbackCounts(range: DateRange) {
  const rows = await db
    .from('organisation_feedback')
    .whereBetween('received_on', [range.from, range.to])
    .groupBy('type')
    .select('type', db.raw('count(*)::int as count'))
  return new Map(rows.map((row) => [row.type as string, row.count as number]))
}

export async function feedbackSection(
  range: DateRange,
  previous?: DateRange
): Promise<FeedbackSection | null> {
  const now = await feedbackCounts(range)
  const before = previous ? await feedbackCounts(previous) : new Map<string, number>()
  const types = ['klagomal', 'berom', 'felhanvisning', 'synpunkt']
  return {
    types: types.map((type) => ({
      type,
      label: type,
      count: now.get(type) ?? 0,
      countLastYear: before.get(type) ?? 0,
    })),
  }
}
