import type { HttpContext } from '@adonisjs/core/http'
import {
  checkRange,
  presetRange,
  RANGE_PRESETS,
  sameRangeLastYear,
  type DateRange,
  type RangePreset,
} from '#domain/date_ranges'
import { rangePageFigures, rangeWarning } from '#queries/quality/range_quality'
import { clock } from '#services/clock'
import { lineChart } from '#services/svg_chart'
import { formatPercent } from '#domain/formatting'

/**
 * Samtal & kvalitet for any date range (issue 17 point 4): presets, year-over-year, per
 * entry number and organisation, the answer-time distribution, all hours beside the
 * switchboard's opening hours. Each figure links to the calls it counts (the call list).
 */
export default class QualityRangesController {
  async show({ request, response, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const today = clock.today()
    const preset = request.input('forval')
    let range: DateRange = presetRange('forra-manaden', today)
    let refusal: string | null = null
    if (RANGE_PRESETS.includes(preset)) range = presetRange(preset as RangePreset, today)
    else if (request.input('fran') !== undefined || request.input('till') !== undefined) {
      const checked = checkRange(request.input('fran'), request.input('till'))
      if (typeof checked === 'string') refusal = checked
      else range = checked
    }
    if (refusal) response.status(422)
    const lastYear = sameRangeLastYear(range)
    const { current, currentOpen, before, beforeOpen, organisations, lastYearOrganisations } =
      await rangePageFigures(range, lastYear)
    const organisationsBefore = new Map(lastYearOrganisations.map((row) => [row.id, row]))
    const entriesBefore = new Map(before.entries.map((row) => [row.entryNumber, row.figures]))
    const target = current.targets.serviceLevelTarget
    return view.render('pages/quality/range', {
      range,
      lastYear,
      refusal,
      typed: { fran: request.input('fran') ?? '', till: request.input('till') ?? '' },
      presets: RANGE_PRESETS,
      current,
      currentOpen,
      before,
      beforeOpen,
      warnings: current.warnings.map((code) => i18n.t(...rangeWarning(code))),
      entries: current.entries.map((row) => ({
        ...row,
        before: entriesBefore.get(row.entryNumber) ?? null,
      })),
      organisations: organisations.map((row) => ({
        ...row,
        before: organisationsBefore.get(row.id) ?? null,
      })),
      chart:
        current.months.length > 1
          ? lineChart({
              id: 'chart-range-months',
              title: i18n.t('qualityRange.chartTitle'),
              description: i18n.t('qualityRange.chartDescription', {
                from: range.from,
                to: range.to,
                target: formatPercent(target),
              }),
              points: current.months.map((month) => ({
                label: month.period,
                value: month.figures.serviceLevel,
              })),
              target,
              targetLabel: i18n.t('charts.target', { target: formatPercent(target) }),
            })
          : null,
    })
  }
}
