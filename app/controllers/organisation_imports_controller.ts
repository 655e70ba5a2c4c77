import type { HttpContext } from '@adonisjs/core/http'
import { importOrganisations } from '#actions/organisations/import_organisations'
import { csvUploadValidator } from '#validators/import'

/** Upload of the organisations register as CSV (FORMATS.md "organisations"). */
export default class OrganisationImportsController {
  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/organisations/import')
  }

  async store({ request, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const { file, partial } = await request.validateUsing(csvUploadValidator)
    const result = await importOrganisations({
      filePath: file.tmpPath!,
      fileName: file.clientName,
      userId: auth.getUserOrFail().id,
      partial: partial ?? false,
    })
    return response.redirect().toRoute('imports.show', { id: result.importId })
  }
}
