import type { HttpContext } from '@adonisjs/core/http'
import {
  activePoolByCode as poolOf,
  budgetYear,
  budgetYears,
  poolBudgetMonths,
} from '#queries/budget/budget_year'
import { organisationForecast } from '#queries/budget/organisation_forecast'
import { trueUpProposals } from '#queries/budget/true_ups'
import { saveBudget, saveForecastMethod } from '#actions/budget/save_budget'
import { decideTrueUp } from '#actions/budget/decide_true_up'
import {
  budgetFormValidator,
  budgetYearOf,
  forecastMethodValidator,
  missingBudgetMonths,
  monthList,
  trueUpValidator,
} from '#validators/budget'
import { RequestRefusedException } from '#exceptions/request_refused_exception'
import { renderMessages } from '#domain/coded_message'
import { shownValue } from '#domain/query_values'
import { refuseForm } from '#services/form_refusal'
import { clock } from '#services/clock'
import { Exception } from '@adonisjs/core/exceptions'
import { errors as vineErrors } from '@vinejs/vine'

const notFound = () => new Exception('Kostnadsposten finns inte', { status: 404 })

/** The validated values, or null when the validator refused them. */
async function refusedAs<T>(validated: Promise<T>): Promise<T | null> {
  try {
    return await validated
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) return null
    throw error
  }
}

/**
 * Budget och prognos (issue 17 point 1, docs/budget.md): the budget per pool and month,
 * actual against budget, the year's forecast per pool and per organisation, and the
 * year-end true-up of fixed pools. The office reads it; the coordinator edits it.
 */
export default class BudgetController {
  async index({ request, response, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const typed = budgetYearOf(request.input('ar'), clock.year())
    const year = typed === 'bad' ? clock.year() : typed
    if (typed === 'bad') response.status(422)
    const organisations = await organisationForecast(year)
    const translate = (key: string, data?: Record<string, unknown>) => i18n.t(key, data)
    return view.render('pages/budget/index', {
      year,
      refused: typed === 'bad',
      typedYear: shownValue(request.input('ar')),
      years: [...new Set([year, clock.year(), clock.year() + 1, ...(await budgetYears())])].sort(
        (a, b) => b - a
      ),
      pools: await budgetYear(year),
      organisations: organisations.rows,
      organisationMessages: renderMessages(
        [...organisations.errors, ...organisations.warnings],
        translate
      ),
      trueUps: await trueUpProposals(year),
    })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const pool = await poolOf(params.pool)
    if (!pool) throw notFound()
    const amounts = await poolBudgetMonths(pool.id, Number(params.year))
    return view.render('pages/budget/edit', { pool, year: Number(params.year), amounts })
  }

  async update({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const pool = await poolOf(params.pool)
    if (!pool) throw notFound()
    // a month not sent is not 0 kr (a blank one is): refused, nothing saved
    const missing = missingBudgetMonths(request.all())
    if (missing.length > 0) {
      const month = (m: number) => i18n.t(`validator.shared.fields.month_${m}`)
      throw new RequestRefusedException(
        i18n.t('budget.errors.missingMonths', { months: monthList(missing, month) }),
        422
      )
    }
    const values = await request.validateUsing(budgetFormValidator)
    const year = Number(params.year)
    const result = await saveBudget({
      poolId: pool.id,
      year,
      amounts: Array.from({ length: 12 }, (_, index) => values[`month_${index + 1}`]),
      userId: auth.getUserOrFail().id,
    })
    if (!result.ok) {
      if (result.error === 'unknownPool') throw notFound()
      return refuseForm(
        { session, response },
        i18n.t('budget.errors.badAmount', {
          month: i18n.t(`validator.shared.fields.month_${result.month}`),
          value: result.value,
          problem: result.problem,
        })
      )
    }
    session.flash('success', i18n.t('budget.saved', { pool: result.pool, year }))
    return response.redirect().toPath(`/budget?ar=${year}`)
  }

  async method({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const pool = await poolOf(params.pool)
    if (!pool) throw notFound()
    // the budget page has no field to mark: a refusal here says what was wrong itself
    const typed = await refusedAs(request.validateUsing(forecastMethodValidator))
    if (!typed) return refuseForm({ session, response }, i18n.t('budget.errors.badMethod'))
    const { method } = typed
    const year = Number(params.year)
    await saveForecastMethod({ poolId: pool.id, year, method, userId: auth.getUserOrFail().id })
    session.flash('success', i18n.t('budget.methodSaved', { pool: pool.code, year }))
    return response.redirect().toPath(`/budget?ar=${year}`)
  }

  async trueUp({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const pool = await poolOf(params.pool)
    if (!pool) throw notFound()
    const values = await refusedAs(request.validateUsing(trueUpValidator))
    if (!values) return refuseForm({ session, response }, i18n.t('budget.errors.badTrueUp'))
    const year = Number(params.year)
    const result = await decideTrueUp({
      poolId: pool.id,
      year,
      accept: values.decision === 'accept',
      comment: values.comment,
      shownOre: BigInt(values.shownOre),
      userId: auth.getUserOrFail().id,
    })
    if (!result.ok) {
      const reasons =
        result.error === 'trueUpNotReady'
          ? result.gaps.map((gap) => i18n.t(`budget.trueUp.gaps.${gap}`, { year })).join(' ')
          : ''
      return refuseForm(
        { session, response },
        i18n.t(`budget.errors.${result.error}`, { reasons, pool: pool.code })
      )
    }
    session.flash(
      'success',
      i18n.t(values.decision === 'accept' ? 'budget.trueUpAccepted' : 'budget.trueUpWaived', {
        pool: result.pool,
        year,
      })
    )
    return response.redirect().toPath(`/budget?ar=${year}`)
  }
}
