import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import type { OpeningPeriod } from '#domain/opening_hours'
import { changeOpeningCalendar } from '#actions/calls/range_aggregates'
import { sqlOnLucid } from '#services/sql_runner'

/**
 * A summer-time period or closure days in the opening calendar, with the figures within
 * opening hours of its days summed again (range_aggregates.ts) and its audit entry.
 */
export async function addOpeningPeriod(period: OpeningPeriod & { note: string }, userId: number) {
  await db.transaction(async (trx) => {
    const [row] = await changeOpeningCalendar(sqlOnLucid(trx), () =>
      trx
        .table('opening_periods')
        .insert({
          kind: period.kind,
          starts_on: period.startsOn,
          ends_on: period.endsOn,
          note: period.note,
        })
        .returning('id')
    )
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'opening_hours',
      entityId: `oppettidsperiod-${row.id}`,
      summary:
        `${period.kind === 'closed' ? 'Stängt' : 'Sommartid'} ${period.startsOn} – ${period.endsOn} ${period.note}`.trim(),
    })
  })
}
