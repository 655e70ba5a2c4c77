import type { HttpContext } from '@adonisjs/core/http'
import { sendDownload } from '#services/download'
import { inReaderLanguage } from '#services/messages'
import { createExportBatch, readExportBatch } from '#actions/month_end/export_batches'
import { listExportBatches, pendingVerifications } from '#queries/month_end/export_batches'

/** The finance page: export batches (list, a new one, the files of one again, the list as CSV). */
export default class FinanceExportsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    return view.render('pages/finance_exports/index', {
      batches: await listExportBatches(),
      pending: await pendingVerifications(),
    })
  }

  /** "Ny exportbatch": every verification not exported before; the controller downloads it next. */
  async store({ response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const result = await createExportBatch(auth.getUserOrFail().id)
    if (!result.ok) session.flash('error', inReaderLanguage(i18n, result.error))
    else if (result.batch === null) session.flash('success', i18n.t('exports.nothingNew'))
    else
      session.flash(
        'success',
        i18n.t('exports.created', { batch: result.batch, count: result.verifications })
      )
    return response.redirect().toRoute('finance_exports.index')
  }

  /** Batch N's CSV or SIE 4 file exactly as written (checksum verified). */
  async download({ params, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const number = Number(params.batch)
    const result = await readExportBatch(number)
    if (!result.ok) {
      session.flash('error', inReaderLanguage(i18n, result.error))
      return response.redirect().toRoute('finance_exports.index')
    }
    if (params.format === 'sie')
      return sendDownload(
        response,
        `exportbatch-${number}.se`,
        'text/plain; charset=IBM437',
        result.sie
      )
    return sendDownload(
      response,
      `exportbatch-${number}.csv`,
      'text/csv; charset=utf-8',
      result.csv
    )
  }
}
