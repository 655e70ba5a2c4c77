/**
 * Budget, forecast, true-up and fee-preview rules (issue 17 points 1–2; docs/budget.md,
 * docs/adr/0029). Pure: integer öre as BigInt, no framework, no database.
 *
 * - A month is *closed* when its period is approved or invoiced: its actual figure is known.
 *   Every other month of the year is forecast.
 * - Forecast for the year = actual of the closed months + the rest, by the pool's method:
 *   `budget` — the open months' budget; `run_rate` — the mean of the closed months' actual
 *   for each open month (the total rest rounded half away from zero, then split over the open
 *   months by largest remainder, earlier months first). Run-rate with no closed month
 *   falls back to the budget, and says so.
 * - True-up of a fixed-amount pool = what the pool actually cost − what it charged.
 */
import { allocate } from '#domain/allocate'
import { coded, month, type CodedMessage } from '#domain/coded_message'

export type ForecastMethod = 'budget' | 'run_rate'
export const FORECAST_METHODS: ForecastMethod[] = ['budget', 'run_rate']

export interface BudgetMonth {
  /** 1–12 */
  month: number
  budgetOre: bigint
  /** null while the month is open (its period not approved or invoiced) */
  actualOre: bigint | null
}

export interface ForecastMonth extends BudgetMonth {
  /** actual for a closed month, else the method's figure */
  forecastOre: bigint
  /** actual − budget of a closed month, null while open */
  deviationOre: bigint | null
}

export interface YearForecast {
  method: ForecastMethod
  /** the method actually used: run-rate without a closed month falls back to budget */
  methodUsed: ForecastMethod
  months: ForecastMonth[]
  closedMonths: number
  budgetYearOre: bigint
  /** the year to date: the closed months */
  budgetToDateOre: bigint
  actualToDateOre: bigint
  deviationToDateOre: bigint
  /** the open months' part of the forecast */
  restOre: bigint
  forecastOre: bigint
  /** forecast − budget for the year */
  forecastDeviationOre: bigint
}

/** a / b rounded half away from zero (b > 0). */
export function divideHalfAwayFromZero(a: bigint, b: bigint) {
  if (b <= 0n) throw new RangeError('divisor must be positive')
  const negative = a < 0n
  const magnitude = negative ? -a : a
  const quotient = (2n * magnitude + b) / (2n * b)
  return negative ? -quotient : quotient
}

/** The twelve months of a year, from whatever months were given (missing → 0 budget, open). */
export function fullYear(months: BudgetMonth[]): BudgetMonth[] {
  return Array.from({ length: 12 }, (_, index) => {
    const given = months.find((m) => m.month === index + 1)
    return given ?? { month: index + 1, budgetOre: 0n, actualOre: null }
  })
}

export function forecastYear(given: BudgetMonth[], method: ForecastMethod): YearForecast {
  const months = fullYear(given)
  const closed = months.filter((m) => m.actualOre !== null)
  const open = months.filter((m) => m.actualOre === null)
  const actualToDateOre = closed.reduce((sum, m) => sum + (m.actualOre ?? 0n), 0n)
  const budgetToDateOre = closed.reduce((sum, m) => sum + m.budgetOre, 0n)
  const budgetYearOre = months.reduce((sum, m) => sum + m.budgetOre, 0n)
  const methodUsed: ForecastMethod =
    method === 'run_rate' && closed.length > 0 && open.length > 0 ? 'run_rate' : 'budget'

  const openFigures = new Map<number, bigint>()
  if (methodUsed === 'run_rate') {
    const rest = divideHalfAwayFromZero(
      actualToDateOre * BigInt(open.length),
      BigInt(closed.length)
    )
    const split = allocate(
      rest,
      open.map((m) => ({ code: String(m.month).padStart(2, '0'), weight: 1n }))
    )
    for (const share of split) openFigures.set(Number(share.code), share.amountOre)
  } else {
    for (const m of open) openFigures.set(m.month, m.budgetOre)
  }

  const result = months.map((m) => ({
    ...m,
    forecastOre: m.actualOre ?? openFigures.get(m.month) ?? 0n,
    deviationOre: m.actualOre === null ? null : m.actualOre - m.budgetOre,
  }))
  const restOre = open.reduce((sum, m) => sum + (openFigures.get(m.month) ?? 0n), 0n)
  const forecastOre = actualToDateOre + restOre
  return {
    method,
    methodUsed,
    months: result,
    closedMonths: closed.length,
    budgetYearOre,
    budgetToDateOre,
    actualToDateOre,
    deviationToDateOre: actualToDateOre - budgetToDateOre,
    restOre,
    forecastOre,
    forecastDeviationOre: forecastOre - budgetYearOre,
  }
}

/** The year-end true-up of a fixed-amount pool: positive = the organisations owe more. */
export function trueUpAmount(chargedOre: bigint, actualOre: bigint) {
  return actualOre - chargedOre
}

/**
 * Why a true-up cannot be proposed yet ([] when it can): the year's December must be
 * invoiced (the year's charging is complete) and the pool must have actual cost recorded.
 */
export type TrueUpGap = 'notFixed' | 'decemberNotInvoiced' | 'noActualCost' | 'alreadyDecided'

export function trueUpGaps(facts: {
  fixed: boolean
  decemberInvoiced: boolean
  actualEntries: number
  decided: boolean
}): TrueUpGap[] {
  const gaps: TrueUpGap[] = []
  if (!facts.fixed) gaps.push('notFixed')
  if (!facts.decemberInvoiced) gaps.push('decemberNotInvoiced')
  if (facts.actualEntries === 0) gaps.push('noActualCost')
  if (facts.decided) gaps.push('alreadyDecided')
  return gaps
}

/**
 * The change of an organisation's fee against this year: in öre, and in tenths of a
 * percent (half away from zero) when this year's fee is not zero.
 */
export function feeChange(nextOre: bigint, currentOre: bigint | null) {
  if (currentOre === null) return { changeOre: null, changePermille: null }
  const changeOre = nextOre - currentOre
  return {
    changeOre,
    changePermille:
      currentOre === 0n
        ? null
        : divideHalfAwayFromZero(changeOre * 1000n, currentOre < 0n ? -currentOre : currentOre),
  }
}

/** A budget year: a whole year between 2000 and 2100 (the table's CHECK). */
export function isBudgetYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 2000 && value <= 2100
}

/**
 * The forecast as it stood at the end of month `asOf` (1–12): the months after it count as
 * open whatever their status today, so the T2 forecast (asOf 8) is the actual of January–
 * August + the method's rest for September–December, recomputed from the monthly figures.
 */
export function forecastAsOf(
  given: BudgetMonth[],
  method: ForecastMethod,
  asOf: number
): YearForecast {
  return forecastYear(
    fullYear(given).map((m) => (m.month > asOf ? { ...m, actualOre: null } : m)),
    method
  )
}

/**
 * Where the T2 forecast a report shows comes from (docs/adr/0029 §3): `frozen` — stored when
 * the year's August was locked (issued), as it was reported at T2; `recomputed` — computed
 * afterwards from today's monthly figures (`forecastAsOf(…, 8)`), for a year whose August was
 * locked before forecasts were frozen, or not yet.
 */
export type T2Source = 'frozen' | 'recomputed'

export interface T2Forecast {
  forecastOre: bigint
  source: T2Source
  /** what the report says of the figure, e.g. "Prognos fastställd vid T2 (låsning av augusti 2026)" */
  label: CodedMessage
}

function t2Label(year: number, source: T2Source) {
  return source === 'frozen'
    ? coded('reports.t2Frozen', { month: month(`${year}-08`) })
    : coded('reports.t2Recomputed')
}

/**
 * The T2 forecast the accuracy is judged on: the one frozen at the locking of August when
 * there is one — whatever the method or the September–December budget say today — else the
 * recomputed one (null while January–August are not all closed), labelled as such.
 */
export function t2Forecast(
  year: number,
  frozenOre: bigint | null,
  recomputedOre: bigint | null
): T2Forecast | null {
  if (frozenOre !== null)
    return { forecastOre: frozenOre, source: 'frozen', label: t2Label(year, 'frozen') }
  if (recomputedOre !== null)
    return { forecastOre: recomputedOre, source: 'recomputed', label: t2Label(year, 'recomputed') }
  return null
}

/**
 * The T2 forecast of all pools together: the sum of the pools' (none when a pool has none),
 * frozen only when every pool's is — a pool added after T2 makes the total partly computed
 * afterwards, and it says so. Summing the pools shown keeps forecast and actual like for like.
 */
export function t2TotalForecast(year: number, pools: (T2Forecast | null)[]): T2Forecast | null {
  if (pools.length === 0 || pools.some((pool) => pool === null)) return null
  const forecastOre = pools.reduce((total, pool) => total + pool!.forecastOre, 0n)
  const source: T2Source = pools.every((pool) => pool!.source === 'frozen')
    ? 'frozen'
    : 'recomputed'
  return { forecastOre, source, label: t2Label(year, source) }
}

/** The forecast accuracy target (prognossäkerhet at T2, seed 003): ±1 % = 100 basis points. */
export const FORECAST_ACCURACY_TARGET_BP = 100n

/**
 * The accuracy of a forecast against the year's actual: the deviation in öre and in basis
 * points of the actual (half away from zero), and whether it is within ±target. An actual
 * of 0 has no ratio: within target only when the forecast was 0 too.
 */
export function forecastAccuracy(
  forecastOre: bigint,
  actualOre: bigint,
  targetBp: bigint = FORECAST_ACCURACY_TARGET_BP
) {
  const deviationOre = forecastOre - actualOre
  if (actualOre === 0n) {
    return { deviationOre, deviationBp: null, withinTarget: deviationOre === 0n }
  }
  const base = actualOre < 0n ? -actualOre : actualOre
  const abs = deviationOre < 0n ? -deviationOre : deviationOre
  return {
    deviationOre,
    deviationBp: divideHalfAwayFromZero(deviationOre * 10_000n, base),
    // exact: |deviation| / |actual| ≤ target / 10 000, without rounding
    withinTarget: abs * 10_000n <= targetBp * base,
  }
}
