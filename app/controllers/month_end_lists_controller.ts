import type { HttpContext } from '@adonisjs/core/http'
import { sendTable, tableFormatOf } from '#services/download'
import { RequestRefusedException } from '#exceptions/request_refused_exception'
import { isPeriod } from '#domain/periods'
import { MONTH_END_LISTS } from '#queries/month_end/csv_lists'

/** Any month-end list as CSV or xlsx (`?format=xlsx`) (app/queries/month_end/csv_lists.ts); a contact gets their own rows. */
export default class MonthEndListsController {
  async download({ params, request, response, auth, bouncer, i18n }: HttpContext) {
    const list = MONTH_END_LISTS[params.list]
    await bouncer.authorize(list.ability)
    const user = auth.getUserOrFail()
    const raw = request.input('period')
    if (raw !== undefined && raw !== null && (typeof raw !== 'string' || !isPeriod(raw)))
      throw new RequestRefusedException(i18n.t('exports.lists.badPeriod'))
    const period: string | null = raw ?? null
    if (list.needsPeriod && !period)
      throw new RequestRefusedException(i18n.t('exports.lists.periodRequired'))
    const t = (key: string, data?: Record<string, unknown>) => i18n.t(key, data as never)
    const rows = await list.rows({
      period,
      organisationId: user.isContact ? (user.organisationId ?? -1) : null,
      t,
    })
    const header = list.columns.map((column) => t(`exports.lists.${params.list}.${column}`))
    // the list's file name is `<name>.csv`; the spreadsheet is the same name in .xlsx
    return sendTable(
      response,
      tableFormatOf(request.input('format')),
      list.fileName(period).replace(/\.csv$/, ''),
      header,
      rows
    )
  }
}
