/**
 * Mark the warnings of a period's current calculation read (docs/adr/0024). The mark names
 * the calculation: after a re-run the new warnings are unread again. An invoiced period, a
 * period without warnings, or a calculation other than the one the page showed is refused.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { coded, type CodedMessage } from '#domain/coded_message'

export type MarkWarningsReadResult = { ok: true } | { ok: false; error: CodedMessage }

export async function markWarningsRead(
  period: string,
  shownCalculationId: number,
  userId: number
): Promise<MarkWarningsReadResult> {
  return db.transaction(async (trx) => {
    const current = await trx.from('periods').where('period', period).forUpdate().first()
    if (!current || !current.calculation_id)
      return { ok: false, error: coded('periodChecklist.refusals.noCalculation', { period }) }
    if (current.status === 'invoiced')
      return { ok: false, error: coded('periodChecklist.refusals.invoiced', { period }) }
    const warnings = Array.isArray(current.warnings) ? current.warnings.length : 0
    if (warnings === 0)
      return { ok: false, error: coded('periodChecklist.refusals.noWarnings', { period }) }
    if (Number(current.calculation_id) !== shownCalculationId)
      return { ok: false, error: coded('periodChecklist.refusals.recalculated', { period }) }
    await trx.from('periods').where('period', period).update({
      warnings_read_calculation_id: current.calculation_id,
      warnings_read_by: userId,
      warnings_read_at: new Date(),
    })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'period',
      entityId: period,
      summary: `Varningarna för ${period} (beräkning ${current.calculation_id}, ${warnings} st) är lästa`,
    })
    return { ok: true }
  })
}
