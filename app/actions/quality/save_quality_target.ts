import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'

export interface QualityTargetInput {
  /** ISO date from which the targets apply */
  validFrom: string
  targetSeconds: number
  shortAbandonSeconds: number
  /** fractions, 0…1 */
  serviceLevelTarget: number
  abandonRateTarget: number
  note?: string
}

/**
 * The contract's quality targets from a date: a new row, or the row of that date replaced;
 * older rows stay, so a report for an old month uses the targets that applied then.
 * The row and its audit entry commit together.
 */
export async function saveQualityTarget(input: QualityTargetInput, userId: number) {
  const day = input.validFrom
  await db.transaction(async (trx) => {
    await trx.rawQuery(
      `INSERT INTO quality_targets (valid_from, target_seconds, short_abandon_seconds, service_level_target, abandon_rate_target, note)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (valid_from) DO UPDATE SET target_seconds = EXCLUDED.target_seconds, short_abandon_seconds = EXCLUDED.short_abandon_seconds,
         service_level_target = EXCLUDED.service_level_target, abandon_rate_target = EXCLUDED.abandon_rate_target, note = EXCLUDED.note`,
      [
        day,
        input.targetSeconds,
        input.shortAbandonSeconds,
        input.serviceLevelTarget,
        input.abandonRateTarget,
        input.note ?? '',
      ]
    )
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'quality_target',
      entityId: `kvalitetsmal-${day}`,
      summary: `Kvalitetsmål från ${day}: ${Math.round(input.serviceLevelTarget * 1000) / 10} % inom ${input.targetSeconds} s, högst ${Math.round(input.abandonRateTarget * 1000) / 10} % avbrutna, korta avbrott under ${input.shortAbandonSeconds} s`,
    })
  })
  return { day }
}
