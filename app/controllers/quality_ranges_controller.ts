import type { HttpContext } from '@adonisjs/core/http'
import { RANGE_PRESETS, sameRangeLastYear } from '#domain/date_ranges'
import { rangeOfQuery, shownValue } from '#validators/quality_range'
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
    const { range, refusal } = rangeOfQuery(
      { forval: request.input('forval'), fran: request.input('fran'), till: request.input('till') },
      clock.today(),
      'forra-manaden'
    )
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
      typed: { fran: shownValue(request.input('fran')), till: shownValue(request.input('till')) },
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
