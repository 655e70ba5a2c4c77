import type { HttpContext } from '@adonisjs/core/http'
import { rejectedRowsOf } from '#queries/imports/rejected_rows'
import Import from '#models/import'
import { listImports } from '#queries/imports/list_imports'
import { toCsv } from '#services/csv_writer'
import { sendDownload } from '#services/download'
import { pageNumber } from '#domain/query_values'
import { inReaderLanguage } from '#services/messages'

/** Import history: every file, its outcome and its errors by line and column. */
export default class ImportsController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const page = pageNumber(request.input('page'))
    const imports = await listImports({ page })
    imports.baseUrl(request.url())
    return view.render('pages/imports/index', { imports })
  }

  async show({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const record = await Import.query().where('id', params.id).preload('user').firstOrFail()
    // a running import refreshes itself every two seconds (no script needed)
    return view.render('pages/imports/show', {
      record,
      // stored warnings may be codes: worded in the reader's language
      warnings: record.warnings.map((warning) => inReaderLanguage(i18n, warning)),
      refreshSeconds: record.status === 'running' ? 2 : null,
    })
  }

  /** Rows a partial import rejected, as they stood in the file, with their errors. */
  async rejectedRows({ params, response, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const record = await Import.findOrFail(params.id)
    const rows = await rejectedRowsOf(record.id)
    const csv = toCsv(
      ['Rad', 'Fel', 'Raden i filen'],
      rows.map((row) => [
        row.line,
        row.errors.map((e: { message: string }) => e.message).join(' | '),
        row.raw,
      ])
    )
    return sendDownload(
      response,
      `import-${record.id}-avvisade-rader.csv`,
      'text/csv; charset=utf-8',
      csv
    )
  }

  /** The errors of an import as a CSV file that opens in Excel (UTF-8 with BOM, `;`). */
  async errors({ params, response, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const record = await Import.findOrFail(params.id)
    const csv = toCsv(
      ['Rad', 'Kolumn', 'Fel'],
      record.errors.map((error) => [error.line ?? '', error.column ?? '', error.message])
    )
    return sendDownload(response, `import-${record.id}-fel.csv`, 'text/csv; charset=utf-8', csv)
  }
}
