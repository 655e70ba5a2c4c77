import AuditEntry from '#models/audit_entry'

export interface AuditFilter {
  entityType?: string
  entityId?: string
  page?: number
}

/** The audit log, newest first, with who did it. */
export function listAuditEntries(filter: AuditFilter, perPage = 50) {
  const query = AuditEntry.query().preload('user').orderBy('id', 'desc')
  if (filter.entityType) query.where('entity_type', filter.entityType)
  if (filter.entityId) query.where('entity_id', filter.entityId)
  return query.paginate(filter.page ?? 1, perPage)
}

/** The history of one record (e.g. an organisation). */
export function historyOf(entityType: string, entityId: string | number) {
  return AuditEntry.query()
    .preload('user')
    .where('entity_type', entityType)
    .where('entity_id', String(entityId))
    .orderBy('id', 'desc')
}
