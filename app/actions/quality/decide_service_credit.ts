import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { proposedCredit } from '#queries/quality/service_credit'

/**
 * The coordinator accepts or waives the month's service credit with a comment; the proposal
 * is stored with the decision. Refused for an approved or invoiced period.
 */
export async function decideServiceCredit(
  period: string,
  accept: boolean,
  comment: string,
  userId: number
) {
  return db.transaction(async (trx) => {
    const locked = await trx
      .from('periods')
      .where('period', period)
      .whereIn('status', ['approved', 'invoiced'])
      .first()
    if (locked)
      return {
        ok: false as const,
        error: 'periodLocked' as const,
        params: { period, status: String(locked.status) },
      }
    // the proposal as the page showed it, stored now (a decided credit is never recomputed)
    const proposal = await proposedCredit(period, trx)
    if (proposal) {
      await trx.rawQuery(
        `INSERT INTO service_credits (period, service_level, target, points, percent, fee_ore, proposed_ore)
         VALUES (:period, :service_level, :target, :points, :percent, :fee_ore, :proposed_ore)
         ON CONFLICT (period) DO UPDATE SET service_level = EXCLUDED.service_level, target = EXCLUDED.target,
           points = EXCLUDED.points, percent = EXCLUDED.percent, fee_ore = EXCLUDED.fee_ore, proposed_ore = EXCLUDED.proposed_ore
         WHERE service_credits.status = 'proposed'`,
        proposal
      )
    }
    const credit = await trx.from('service_credits').where('period', period).forUpdate().first()
    if (!credit) return { ok: false as const, error: 'noProposal' as const }
    await trx
      .from('service_credits')
      .where('period', period)
      .update({
        status: accept ? 'accepted' : 'waived',
        comment,
        decided_by: userId,
        decided_at: new Date(),
      })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'service_credit',
      entityId: period,
      summary: `Vite för ${period} ${accept ? 'godtogs' : 'efterskänktes'}: ${comment}`,
    })
    return { ok: true as const }
  })
}
