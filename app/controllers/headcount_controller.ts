import type { HttpContext } from '@adonisjs/core/http'
import {
  headcountForMonth,
  headcountMonths,
  missingHeadcount,
} from '#queries/headcount/headcount_by_month'
import { isPeriod, monthOf, previousMonth, todayInStockholm } from '#domain/periods'

/** Headcount per organisation and month, with the administrations that lack a figure. */
export default class HeadcountController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const months = await headcountMonths()
    const month = isPeriod(request.input('manad'))
      ? request.input('manad')
      : (months[0] ?? previousMonth(monthOf(todayInStockholm())))
    const rows = await headcountForMonth(month, user.isContact ? user.organisationId : null)
    const missing = user.isContact ? [] : await missingHeadcount(month)
    const total = rows.reduce((sum: number, row: { employees: number }) => sum + row.employees, 0)
    return view.render('pages/headcount/index', { month, months, rows, missing, total })
  }
}
