import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { isoDayOf } from '#domain/periods'
import { changeOpeningCalendar } from '#actions/calls/range_aggregates'
import { sqlOnLucid } from '#services/sql_runner'

/**
 * Remove a period of the opening calendar (and sum its days' figures within opening hours
 * again, range_aggregates.ts); false when there is none with that id.
 */
export async function removeOpeningPeriod(id: number, userId: number) {
  return db.transaction(async (trx) => {
    const removed = await changeOpeningCalendar(sqlOnLucid(trx), () =>
      trx.from('opening_periods').where('id', id).delete().returning('*')
    )
    if (removed.length === 0) return false
    await recordAudit(trx, {
      userId,
      action: 'delete',
      entityType: 'opening_hours',
      entityId: `oppettidsperiod-${id}`,
      summary: `Borttagen: ${removed[0].kind === 'closed' ? 'stängt' : 'sommartid'} från ${isoDayOf(new Date(removed[0].starts_on))}`,
    })
    return true
  })
}
