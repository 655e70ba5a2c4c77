/**
 * The month view's figures computed at the end of the call import that changed them
 * (issue 18 point 2, docs/adr/0034), so the first view after an import reads them instead
 * of computing them: for each month the import wrote (the latest 13 at most), the month's
 * figures, its weekday × hour heatmap, its entry numbers and its 13-month trend.
 *
 * Runs right after the import's commit, in one REPEATABLE READ transaction: the data state
 * (quality_cache.ts) and every figure are read from the same snapshot, so a stored figure
 * is exactly what a reader in that state would compute. A change committed meanwhile (by
 * another import, a target edit) gives readers another state: they never see these rows
 * and compute as before. Stores of older states are deleted here. A failure is logged and
 * never fails the import, which has committed already.
 */
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { dataState } from '#queries/quality/quality_cache'
import {
  computeMonthQuality,
  computePerEntryNumber,
  computeTrend13Months,
  computeWeekdayHourHeatmap,
} from '#queries/quality/month_quality'
import { monthsOfRange, type DateRange } from '#domain/date_ranges'

/** The latest months the import wrote whose figures are computed ahead (older ones on demand). */
const MAX_MONTHS = 13

/** Compute and store the figures of the months of `days` (the Stockholm days an import wrote). */
export async function precomputeQualityFigures(days: DateRange | null | undefined) {
  if (!days) return { state: null, keys: [] as string[] }
  const periods = monthsOfRange(days)
    .map((month) => month.period)
    .slice(-MAX_MONTHS)
  try {
    return await db.transaction(
      async (trx) => {
        const state = await dataState(trx)
        const figures: [string, unknown][] = []
        for (const period of periods) {
          figures.push([`month:${period}`, await computeMonthQuality(period, trx)])
          figures.push([`heatmap:${period}`, await computeWeekdayHourHeatmap(period, trx)])
          figures.push([`entries:${period}`, await computePerEntryNumber(period, trx)])
          figures.push([`trend:${period}`, await computeTrend13Months(period, trx)])
        }
        await trx.rawQuery('DELETE FROM quality_precomputed WHERE state <> ?', [state])
        await trx.rawQuery(
          `INSERT INTO quality_precomputed (state, key, value)
           SELECT ?, * FROM unnest(?::text[], ?::jsonb[])
           ON CONFLICT (state, key) DO UPDATE SET value = EXCLUDED.value, computed_at = now()`,
          [state, figures.map(([key]) => key), figures.map(([, value]) => JSON.stringify(value))]
        )
        return { state, keys: figures.map(([key]) => key) }
      },
      { isolationLevel: 'repeatable read' }
    )
  } catch (error) {
    logger.warn({ err: error, days }, 'quality figures not computed ahead after the import')
    return { state: null, keys: [] as string[] }
  }
}
