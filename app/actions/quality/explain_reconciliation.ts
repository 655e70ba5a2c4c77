import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'

/** Explain a flagged reconciliation difference so the period can be approved (audited). */
export async function explainReconciliation(period: string, text: string, userId: number) {
  await db.transaction(async (trx) => {
    await trx.rawQuery(
      `INSERT INTO reconciliation_explanations (period, explanation, explained_by) VALUES (?, ?, ?)
       ON CONFLICT (period) DO UPDATE SET explanation = EXCLUDED.explanation, explained_by = EXCLUDED.explained_by, explained_at = now()`,
      [period, text, userId]
    )
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'reconciliation',
      entityId: period,
      summary: `Avvikelse i avstämningen ${period} förklarad: ${text}`,
    })
  })
}
