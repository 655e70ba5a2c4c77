import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import Organisation from '#models/organisation'
import { invoiceOrganisation, ublDocument } from '#queries/invoices/ubl_document'
import { ublXml } from '#domain/ubl'
import { sendDownload } from '#services/download'

/** A company invoice or credit note as a Peppol BIS Billing 3 e-invoice (UBL XML). */
export default class InvoiceUblController {
  async show({ params, response, bouncer, i18n, view }: HttpContext) {
    const owner = await invoiceOrganisation(params.id)
    if (!owner) throw new Exception(i18n.t('ubl.refused.notFound'), { status: 404 })
    await bouncer.authorize('viewOrganisation', await Organisation.findOrFail(owner.id))
    const result = await ublDocument({ id: params.id })
    // reached anyway (the list shows why instead of the link): the app's page, with a way back
    if (!result.ok)
      return response.status(409).send(
        await view.render('pages/invoices/ubl_refused', {
          message: i18n.t(`ubl.refused.${result.error}`),
          organisationId: owner.id,
        })
      )
    const xml = ublXml(result.document)
    return sendDownload(response, `${result.document.number}.xml`, 'application/xml', xml)
  }
}
