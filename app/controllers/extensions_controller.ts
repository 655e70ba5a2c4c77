import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import Organisation from '#models/organisation'
import {
  countsPerOrganisation,
  extensionHistory,
  extensionsAsOf,
  unallocatableExtensions,
} from '#queries/extensions/extension_register'
import { organisationOptions } from '#queries/organisations/list_organisations'
import { isIsoDate, todayInStockholm } from '#domain/periods'
import { asText } from '#services/csv_writer'
import { sendTable, tableFormatOf } from '#services/download'
import { pageNumber, rowIdOrNull } from '#domain/query_values'

/**
 * The extensions register as of any date. A telephony contact sees only their own
 * organisation's extensions, whatever the query string asks for.
 */
export default class ExtensionsController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const asOf = isIsoDate(request.input('per')) ? request.input('per') : todayInStockholm()
    const requested = rowIdOrNull(request.input('organisation'))
    const organisationId = user.isContact ? user.organisationId : requested
    const q = String(request.input('q', '')).slice(0, 50) || undefined
    const extensions = await extensionsAsOf({
      asOf,
      q,
      organisationId,
      page: pageNumber(request.input('page')),
    })
    extensions
      .baseUrl(request.url())
      .queryString({ per: asOf, q, organisation: requested ?? undefined })
    return view.render('pages/extensions/index', {
      extensions,
      asOf,
      q,
      organisationId,
      organisations: user.isContact ? [] : await organisationOptions(),
    })
  }

  async counts({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const asOf = isIsoDate(request.input('per')) ? request.input('per') : todayInStockholm()
    const rows = await countsPerOrganisation(asOf, user.isContact ? user.organisationId : null)
    const total = rows.reduce((sum: number, row: { count: number }) => sum + row.count, 0)
    return view.render('pages/extensions/counts', { rows, asOf, total })
  }

  async unallocatable({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const asOf = isIsoDate(request.input('per')) ? request.input('per') : todayInStockholm()
    return view.render('pages/extensions/unallocatable', {
      rows: await unallocatableExtensions(asOf),
      asOf,
    })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const entries = await extensionHistory(
      String(params.number),
      user.isContact ? user.organisationId : null
    )
    if (entries.length === 0) {
      // for a contact, another organisation's number does not exist
      throw new Exception('Anknytningen finns inte', { status: 404 })
    }
    return view.render('pages/extensions/show', { number: params.number, entries })
  }

  /** The register as of a date as CSV (Excel), the same rows as the page. */
  async download({ request, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const asOf = isIsoDate(request.input('per')) ? request.input('per') : todayInStockholm()
    const requested = rowIdOrNull(request.input('organisation'))
    const organisationId = user.isContact ? user.organisationId : requested
    if (organisationId)
      await bouncer.authorize('viewOrganisation', await Organisation.findOrFail(organisationId))
    const page = await extensionsAsOf({ asOf, organisationId, page: 1 }, 1_000_000)
    return sendTable(
      response,
      tableFormatOf(request.input('format')),
      `anknytningar-${asOf}`,
      ['Anknytning', 'Organisation', 'Namn', 'Typ', 'Giltig från', 'Giltig till'],
      page
        .all()
        .map((row) => [
          asText(row.number),
          asText(row.organisation_code),
          row.name,
          row.type,
          row.valid_from,
          row.valid_to,
        ])
    )
  }
}
