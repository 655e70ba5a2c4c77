import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import type { DayHours, Season } from '#domain/opening_hours'
import { changeOpeningCalendar } from '#actions/calls/range_aggregates'
import { sqlOnLucid } from '#services/sql_runner'

/**
 * The weekly opening hours of one season (normal or summer), replaced as a whole: a
 * weekday without hours is closed. The rows, the figures within opening hours of every day
 * whose hours changed (range_aggregates.ts) and the audit entry commit together.
 */
export async function saveOpeningHours(season: Season, days: DayHours[], userId: number) {
  await db.transaction(async (trx) => {
    await changeOpeningCalendar(sqlOnLucid(trx), async () => {
      await trx.from('opening_hours').where('season', season).delete()
      if (days.length > 0)
        await trx.table('opening_hours').insert(
          days.map((day) => ({
            season,
            weekday: day.weekday,
            opens: day.opens,
            closes: day.closes,
          }))
        )
    })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'opening_hours',
      entityId: `oppettider-${season}`,
      summary: `Öppettider (${season === 'summer' ? 'sommartid' : 'normal'}): ${
        days.map((day) => `${day.weekday}: ${day.opens}–${day.closes}`).join(', ') || 'stängt'
      }`,
    })
  })
}
