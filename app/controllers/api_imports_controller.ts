import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { DEFAULT_UPLOAD_LIMIT, IMPORT_KINDS } from '#actions/imports/import_kinds'
import { importSupplierFile } from '#actions/imports/import_supplier_file'
import { queueCallImport } from '#actions/calls/queue_call_import'
import { importJson } from '#services/import_report'
import { withUpload } from '#services/uploads'
import { consumeApiImport } from '#services/api_rate_limit'
import { csvUploadValidatorFor, snapshotOptionsValidator } from '#validators/import'
import { findApiImport } from '#queries/imports/api_import'
import { safeFileName, type DropKind } from '#domain/drop_folder'
import { recogniseFileKind } from '#actions/imports/process_drop_folder'
import { announceSupplierFile } from '#actions/imports/announce_supplier_file'

/**
 * The import API (issue 16, point 9; docs/adr/0028 §2): a supplier's system delivers a file
 * (`multipart/form-data`, field `file`) with a key that has the import scope. The same code
 * as an upload reads it, all-or-nothing and idempotent, under the upload's size limit;
 * refusals are answered in Swedish JSON. Call records are read in the background, as an
 * upload's are: 202 and the import to ask about (`GET /api/v1/imports/:id`).
 */
export default class ApiImportsController {
  async store(ctx: HttpContext) {
    const { params, response, bouncer, auth, i18n } = ctx
    await bouncer.authorize('importFilesViaApi')
    const user = auth.use('api').user!
    const wait = await consumeApiImport(user.id)
    if (wait) {
      response.header('retry-after', String(wait.retryAfter))
      const minutes = Math.ceil(wait.retryAfter / 60)
      return response.status(429).send({
        errors: [{ message: i18n.t('errors.apiImportThrottled', { minutes }) }],
      })
    }
    const kind = params.kind as DropKind
    try {
      return await this.#deliver(ctx, kind)
    } catch (error) {
      // a form's errors redirect back; the API answers them in JSON whatever it accepts
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        return response.status(422).send({ errors: error.messages })
      }
      throw error
    }
  }

  async #deliver(ctx: HttpContext, kind: DropKind) {
    const { request, response, auth, i18n } = ctx
    const user = auth.use('api').user!
    const definition = IMPORT_KINDS[kind]
    return withUpload(
      ctx,
      definition.uploadLimit ?? DEFAULT_UPLOAD_LIMIT,
      async () => {
        const { file } = await request.validateUsing(
          csvUploadValidatorFor(definition.uploadLimit ?? DEFAULT_UPLOAD_LIMIT)
        )
        // as on the upload page: an extensions snapshot needs its date (`asOf`)
        const options = definition.snapshot
          ? await request.validateUsing(snapshotOptionsValidator)
          : {}
        // the header row says what the file is, as in the drop folder: another kind (or none)
        // is refused now, not accepted and then rejected in the background
        const looksLike = await recogniseFileKind(file.tmpPath!)
        if (looksLike !== kind) {
          const expected = i18n.t(`errors.apiImportKinds.${kind}`)
          const message = looksLike
            ? i18n.t('errors.apiImportWrongKind', {
                looksLike: i18n.t(`errors.apiImportKinds.${looksLike}`),
                expected,
              })
            : i18n.t('errors.apiImportUnknownHeader', { expected })
          return response.status(422).send({ errors: [{ message }] })
        }
        const fileName = safeFileName(file.clientName)
        // announced to the coordinators as a dropped file is, naming the key (docs/adr/0028)
        const way = { via: 'api' as const, key: user.currentAccessToken?.name ?? '' }
        if (kind === 'calls') {
          const record = await queueCallImport({
            tmpPath: file.tmpPath!,
            fileName,
            userId: user.id,
            partial: false,
          })
          await announceSupplierFile(
            { fileName, outcome: 'queued', importId: Number(record.id) },
            way
          )
          response.header('location', `/api/v1/imports/${record.id}`)
          return response
            .status(202)
            .send({ import: { importId: Number(record.id), status: 'running' } })
        }
        const result = await importSupplierFile({
          kind,
          filePath: file.tmpPath!,
          fileName,
          userId: user.id,
          ...options,
        })
        await announceSupplierFile(
          {
            fileName,
            outcome: result.status === 'rejected' ? 'rejected' : 'imported',
            unchanged: result.status === 'unchanged',
            importId: result.importId,
          },
          way
        )
        if (result.status === 'rejected') {
          return response.status(422).send({ errors: result.errors, import: importJson(result) })
        }
        return response.status(result.status === 'unchanged' ? 200 : 201).send({
          import: importJson(result),
        })
      },
      { csrf: false }
    )
  }

  /** An import the key's user delivered (another's does not exist for them). */
  async show({ params, response, bouncer, auth, i18n }: HttpContext) {
    await bouncer.authorize('importFilesViaApi')
    const found = await findApiImport(Number(params.id), auth.use('api').user!.id)
    if (!found) {
      return response
        .status(404)
        .send({ errors: [{ message: i18n.t('errors.apiImportNotFound') }] })
    }
    return { import: found }
  }
}
