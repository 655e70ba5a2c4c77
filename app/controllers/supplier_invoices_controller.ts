import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import {
  costEntriesByPeriod,
  listSupplierInvoices,
  supplierInvoiceWithLines,
} from '#queries/supplier_invoices/supplier_costs'

/** The supplier's invoices and the cost entries that feed the cost pools. */
export default class SupplierInvoicesController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    return view.render('pages/supplier_invoices/index', {
      invoices: await listSupplierInvoices(),
      costs: await costEntriesByPeriod(),
    })
  }

  async show({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const found = await supplierInvoiceWithLines(Number(params.id))
    if (!found) throw new Exception('Fakturan finns inte', { status: 404 })
    return view.render('pages/supplier_invoices/show', found)
  }
}
