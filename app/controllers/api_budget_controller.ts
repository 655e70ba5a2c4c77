import type { HttpContext } from '@adonisjs/core/http'
import { budgetYear } from '#queries/budget/budget_year'
import { organisationForecast } from '#queries/budget/organisation_forecast'
import { feeComparison, previewNotes } from '#queries/budget/fee_preview'
import { budgetYearOf } from '#validators/budget'
import { renderMessages } from '#domain/coded_message'
import { shownValue } from '#domain/query_values'
import { clock } from '#services/clock'

const ore = (value: bigint | null) => (value === null ? null : Number(value))

/**
 * `GET /api/v1/budget?year=YYYY` and `GET /api/v1/fees/preview?year=YYYY` (README "JSON
 * API"; docs/budget.md): the budget, actual and forecast per pool and month and per
 * organisation, and next year's fee preview in the shape of `fees:preview --json`
 * (FORMATS.md) with each organisation's change against this year. Amounts in integer öre.
 */
export default class ApiBudgetController {
  async budget({ request, response, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const year = budgetYearOf(request.input('year'), clock.year())
    if (year === 'bad') return badYear(response, i18n, request.input('year'))
    const pools = await budgetYear(year)
    const organisations = await organisationForecast(year)
    const translate = (key: string, data?: Record<string, unknown>) => i18n.t(key, data)
    return {
      year,
      pools: pools.map((pool) => ({
        code: pool.code,
        fixed: pool.fixed,
        method: pool.forecast.method,
        methodUsed: pool.forecast.methodUsed,
        closedMonths: pool.forecast.closedMonths,
        budgetOre: ore(pool.forecast.budgetYearOre),
        budgetToDateOre: ore(pool.forecast.budgetToDateOre),
        actualToDateOre: ore(pool.forecast.actualToDateOre),
        deviationToDateOre: ore(pool.forecast.deviationToDateOre),
        forecastOre: ore(pool.forecast.forecastOre),
        forecastDeviationOre: ore(pool.forecast.forecastDeviationOre),
        chargedOre: pool.fixed ? ore(pool.chargedOre) : null,
        months: pool.forecast.months.map((month) => ({
          month: month.month,
          budgetOre: ore(month.budgetOre),
          actualOre: ore(month.actualOre),
          forecastOre: ore(month.forecastOre),
        })),
      })),
      organisations: organisations.rows.map((row) => ({
        organisation: row.code,
        chargedOre: ore(row.chargedOre),
        budgetFeeOre: ore(row.budgetFeeOre),
        forecastOre: ore(row.forecastOre),
      })),
      warnings: renderMessages([...organisations.errors, ...organisations.warnings], translate),
    }
  }

  async feePreview({ request, response, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const year = budgetYearOf(request.input('year'), clock.year() + 1)
    if (year === 'bad') return badYear(response, i18n, request.input('year'))
    // a year with no budget (or nothing to allocate over) is answered with no pools and the
    // page's notes, not refused (docs/budget.md)
    const comparison = await feeComparison(year)
    const translate = (key: string, data?: Record<string, unknown>) => i18n.t(key, data)
    return {
      year,
      pools: comparison.next.pools.map((pool) => ({
        code: pool.code,
        budgetOre: pool.budgetOre,
        basis: pool.basis,
        keyDate: pool.keyDate,
        total: pool.total,
        shares: pool.shares,
      })),
      organisations: comparison.organisations.map((row) => ({
        organisation: row.code,
        nextOre: ore(row.nextOre),
        currentOre: ore(row.currentOre),
        changeOre: ore(row.changeOre),
        changePermille: ore(row.changePermille),
      })),
      warnings: renderMessages(previewNotes(comparison.next), translate),
    }
  }
}

function badYear(response: HttpContext['response'], i18n: HttpContext['i18n'], typed: unknown) {
  return response.unprocessableEntity({
    status: 'error',
    errors: [{ message: i18n.t('budget.errors.badYear', { year: shownValue(typed) }) }],
  })
}
