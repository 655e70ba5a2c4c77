import type { HttpContext } from '@adonisjs/core/http'
import { shownValue, typedRange } from '#validators/quality_range'
import { rangeQuality, rangeWarning } from '#queries/quality/range_quality'

/**
 * `GET /api/v1/quality?from=YYYY-MM-DD&to=YYYY-MM-DD` (README "JSON API"): the supplier
 * quality of a date range in the shape of `quality:report --from --to` (FORMATS.md), with
 * the months it sums, the answer-time distribution, per entry number and within opening
 * hours. A bad range is a 422 with the refusal.
 */
export default class ApiQualityController {
  async show({ request, response, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const range = typedRange(request.input('from'), request.input('to'))
    if (typeof range === 'string') {
      return response.unprocessableEntity({
        status: 'error',
        errors: [
          {
            message: i18n.t(`qualityRange.errors.${range}`, {
              from: shownValue(request.input('from')),
              to: shownValue(request.input('to')),
            }),
          },
        ],
      })
    }
    const all = await rangeQuality(range)
    const open = await rangeQuality(range, { openHours: true })
    const figures = (report: typeof all) => ({
      offered: report.figures.offered,
      answered: report.figures.answered,
      answeredWithinTarget: report.figures.answeredWithinTarget,
      abandoned: report.figures.abandoned,
      shortAbandons: report.figures.shortAbandons,
      serviceLevel: report.figures.serviceLevel,
      abandonRate: report.figures.abandonRate,
      asaSeconds: report.figures.asaSeconds,
      ahtSeconds: report.figures.ahtSeconds,
      transferRate: report.figures.transferRate,
    })
    return {
      from: range.from,
      to: range.to,
      source: all.source,
      warnings: all.warnings.map((code) => i18n.t(...rangeWarning(code))),
      ...figures(all),
      targets: {
        targetSeconds: all.targets.targetSeconds,
        shortAbandonSeconds: all.targets.shortAbandonSeconds,
        serviceLevel: all.targets.serviceLevelTarget,
        abandonRate: all.targets.abandonRateTarget,
        serviceLevelMet: all.figures.serviceLevelMet,
        abandonRateMet: all.figures.abandonRateMet,
      },
      callCostOre: all.costOre,
      openingHours: figures(open),
      answerTimes: all.distribution.map((row) => ({
        withinSeconds: row.limit,
        answered: row.answered,
        shareOfAnswered: row.shareOfAnswered,
        shareOfOffered: row.shareOfOffered,
      })),
      months: all.months.map((month) => ({
        period: month.period,
        from: month.from,
        to: month.to,
        offered: month.figures.offered,
        answered: month.figures.answered,
        answeredWithinTarget: month.figures.answeredWithinTarget,
        abandoned: month.figures.abandoned,
        serviceLevel: month.figures.serviceLevel,
        callCostOre: month.costOre,
      })),
      entries: all.entries.map((entry) => ({
        entryNumber: entry.entryNumber,
        offered: entry.figures.offered,
        answered: entry.figures.answered,
        serviceLevel: entry.figures.serviceLevel,
        abandonRate: entry.figures.abandonRate,
      })),
    }
  }
}
