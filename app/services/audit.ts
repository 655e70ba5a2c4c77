import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import type { AuditChanges } from '#models/audit_entry'

/**
 * What an entry concerns (the audit log's filter). The log is append-only: a trigger
 * refuses UPDATE and DELETE (migration 0040).
 */
export type AuditEntityType =
  | 'organisation'
  | 'user'
  | 'import'
  | 'setting'
  | 'category'
  | 'call_records'
  | 'period'
  | 'invoice'
  | 'pool'
  | 'service_credit'
  | 'reconciliation'
  | 'quality_target'
  | 'meeting'
  | 'deviation'
  | 'forum'
  | 'routine'
  | 'survey'
  | 'export_batch'
  | 'announcement'
  | 'extension_order'
  | 'feedback'
  | 'opening_hours'
  | 'document_delivery'

export interface AuditInput {
  userId: number | null
  action: 'create' | 'update' | 'deactivate' | 'activate' | 'import' | 'password' | 'delete'
  entityType: AuditEntityType
  entityId: string | number | null
  summary: string
  changes?: AuditChanges
}

/** Append one line to the audit log, inside the caller's transaction. */
export async function recordAudit(trx: TransactionClientContract | null, input: AuditInput) {
  await (trx ?? db).table('audit_log').insert({
    user_id: input.userId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId === null ? null : String(input.entityId),
    summary: input.summary,
    changes: JSON.stringify(input.changes ?? {}),
  })
}

/** The fields whose value differs between two plain objects, as {field: {from, to}}. */
export function diffChanges(before: object, after: object, fields: string[]): AuditChanges {
  const changes: AuditChanges = {}
  const old = before as Record<string, unknown>
  const updated = after as Record<string, unknown>
  for (const field of fields) {
    if (!(field in updated)) continue
    const from = old[field] ?? null
    const to = updated[field] ?? null
    if (String(from) !== String(to)) changes[field] = { from, to }
  }
  return changes
}
