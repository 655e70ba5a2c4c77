import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'

/** Withdraw a driftmeddelande: no longer shown; kept, with who withdrew it, for the record. */
export async function withdrawAnnouncement(id: number, userId: number) {
  return db.transaction(async (trx) => {
    const announcement = await trx
      .from('announcements')
      .where('id', id)
      .whereNull('withdrawn_at')
      .forUpdate()
      .first()
    if (!announcement) return false
    await trx
      .from('announcements')
      .where('id', id)
      .update({ withdrawn_at: new Date(), withdrawn_by: userId })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'announcement',
      entityId: id,
      summary: `Driftmeddelande "${announcement.title}" återkallat`,
    })
    return true
  })
}
