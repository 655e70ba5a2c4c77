import type { HttpContext } from '@adonisjs/core/http'
import { listAuditEntries } from '#queries/audit/audit_log'

/** The audit log: who changed what and when (coordinator only). */
export default class AuditLogController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const entityType = request.input('typ') || undefined
    const entries = await listAuditEntries({
      entityType,
      page: Number(request.input('page', 1)) || 1,
    })
    entries.baseUrl(request.url()).queryString({ typ: entityType })
    return view.render('pages/audit/index', { entries, entityType })
  }
}
