import type { HttpContext } from '@adonisjs/core/http'
import { DEFAULT_UPLOAD_LIMIT, IMPORT_KINDS } from '#actions/imports/import_kinds'
import { queueCallImport } from '#actions/calls/queue_call_import'
import { organisationOptions } from '#queries/organisations/list_organisations'
import { csvUploadValidatorFor, snapshotOptionsValidator } from '#validators/import'
import { withUpload } from '#services/uploads'

/** Upload of a register or supplier file; the outcome is shown on the import's page. */
export default class ImportUploadsController {
  async create({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const kind = IMPORT_KINDS[params.type]
    return view.render('pages/imports/upload', {
      kind,
      organisations: kind.snapshot ? await organisationOptions() : [],
    })
  }

  /** The file is read only now, after authorisation, and its temp file deleted when done. */
  async store(ctx: HttpContext) {
    const { params, request, response, auth, bouncer } = ctx
    await bouncer.authorize('administer')
    const kind = IMPORT_KINDS[params.type]
    return withUpload(ctx, kind.uploadLimit ?? DEFAULT_UPLOAD_LIMIT, async () => {
      const { file, partial } = await request.validateUsing(
        csvUploadValidatorFor(kind.uploadLimit ?? DEFAULT_UPLOAD_LIMIT)
      )
      if (kind.background) {
        const record = await queueCallImport({
          tmpPath: file.tmpPath!,
          fileName: file.clientName,
          userId: auth.getUserOrFail().id,
          partial: partial ?? false,
        })
        return response.redirect().toRoute('imports.show', { id: record.id })
      }
      const { confirmEnding, ...snapshot } = kind.snapshot
        ? await request.validateUsing(snapshotOptionsValidator)
        : { confirmEnding: undefined }
      // a snapshot that would end much of the register is read only once confirmed
      const options = kind.snapshot
        ? { ...snapshot, guardEnding: confirmEnding ? undefined : ('upload' as const) }
        : {}
      const result = await kind.run(
        {
          filePath: file.tmpPath!,
          fileName: file.clientName,
          userId: auth.getUserOrFail().id,
          partial: kind.partial && (partial ?? false),
        },
        options
      )
      return response.redirect().toRoute('imports.show', { id: result.importId })
    })
  }
}
