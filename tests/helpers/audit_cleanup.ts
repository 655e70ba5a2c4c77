/**
 * Tests that commit data outside a global transaction clean up after themselves. The
 * audit log is append-only (a trigger refuses DELETE, migration 0040), so their
 * clean-up lifts that guard for its own transaction only — the app never does.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export async function deleteAuditEntries(
  where: (query: ReturnType<TransactionClientContract['from']>) => unknown
) {
  await db.transaction(async (trx) => {
    await trx.rawQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')
    const query = trx.from('audit_log')
    where(query)
    await query.delete()
    await trx.rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only')
  })
}
