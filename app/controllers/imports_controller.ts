import type { HttpContext } from '@adonisjs/core/http'
import { rejectedRowsOf } from '#queries/imports/rejected_rows'
import Import from '#models/import'
import { listImports } from '#queries/imports/list_imports'
import { importsFromDropFolder, latestDropFiles } from '#queries/imports/drop_files'
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
    // the drop folder's files (docs/adr/0028 §2): on the first page, and who read them
    const fromDropFolder = await importsFromDropFolder(
      imports.all().map((record) => Number(record.id))
    )
    const dropFiles = page === 1 ? await latestDropFiles() : []
    return view.render('pages/imports/index', {
      imports,
      // keyed by id as text: the view looks an import up by its id, whatever its type
      fromDropFolder: Object.fromEntries([...fromDropFolder].map((id) => [String(id), true])),
      dropFiles,
    })
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
