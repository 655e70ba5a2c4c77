import type { HttpContext } from '@adonisjs/core/http'
import { listAuditEntries } from '#queries/audit/audit_log'
import { pageNumber } from '#domain/query_values'

/** The audit log: who changed what and when (coordinator only). */
export default class AuditLogController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const entityType = request.input('typ') || undefined
    const entries = await listAuditEntries({
      entityType,
      page: pageNumber(request.input('page')),
    })
    entries.baseUrl(request.url()).queryString({ typ: entityType })
    return view.render('pages/audit/index', { entries, entityType })
  }
}
