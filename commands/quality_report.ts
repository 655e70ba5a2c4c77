import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { QualityFigures, QualityTargets } from '#domain/service_level'

/**
 * `quality:report YYYY-MM` or `quality:report --from=YYYY-MM-DD --to=YYYY-MM-DD` (FORMATS.md):
 * a range has the month's shape with `from`, `to` instead of `period`, both days included.
 */
export default class QualityReportCommand extends BaseCommand {
  static commandName = 'quality:report'
  static description =
    'Kvalitetstal för leverantören för en månad eller ett datumintervall (svarsandel, avbrutna, ASA, AHT …)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM (eller --from/--to)', required: false })
  declare period?: string

  @flags.string({ description: 'Första dagen, ÅÅÅÅ-MM-DD' })
  declare from?: string

  @flags.string({ description: 'Sista dagen, ÅÅÅÅ-MM-DD (tas med)' })
  declare to?: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { monthQuality } = await import('#queries/quality/month_quality')
    const { checkPeriod, failPeriodCommand } = await import('#services/period_command')
    const { message } = await import('#services/messages')
    let head: Record<string, string>
    let report: {
      source: string
      warnings: string[]
      figures: QualityFigures
      targets: QualityTargets
      days: (QualityFigures & { day: string })[]
    }
    if (this.from !== undefined || this.to !== undefined) {
      const { monthsOfRange } = await import('#domain/date_ranges')
      const { typedRange, shownValue } = await import('#validators/quality_range')
      const { rangeQuality, rangeWarning } = await import('#queries/quality/range_quality')
      const range = typedRange(this.from, this.to)
      if (typeof range === 'string' || this.period !== undefined) {
        failPeriodCommand(
          this,
          message(`qualityRange.errors.${typeof range === 'string' ? range : 'periodAndRange'}`, {
            from: shownValue(this.from),
            to: shownValue(this.to),
          })
        )
        return
      }
      const result = await rangeQuality(range)
      const days = []
      for (const month of monthsOfRange(range)) {
        const { days: monthDays } = await monthQuality(month.period)
        days.push(...monthDays.filter((day) => day.day >= month.from && day.day <= month.to))
      }
      head = { from: range.from, to: range.to }
      report = {
        ...result,
        warnings: result.warnings.map((code) => message(...rangeWarning(code))),
        days,
      }
    } else {
      if (this.period === undefined) this.period = ''
      if (!checkPeriod(this as this & { period: string })) return
      report = await monthQuality(this.period)
      head = { period: this.period }
    }
    const { figures, targets } = report
    const json = {
      ...head,
      source: report.source,
      warnings: report.warnings,
      offered: figures.offered,
      answered: figures.answered,
      answeredWithinTarget: figures.answeredWithinTarget,
      abandoned: figures.abandoned,
      shortAbandons: figures.shortAbandons,
      serviceLevel: figures.serviceLevel,
      abandonRate: figures.abandonRate,
      asaSeconds: figures.asaSeconds,
      ahtSeconds: figures.ahtSeconds,
      transferRate: figures.transferRate,
      targets: {
        targetSeconds: targets.targetSeconds,
        shortAbandonSeconds: targets.shortAbandonSeconds,
        serviceLevel: targets.serviceLevelTarget,
        abandonRate: targets.abandonRateTarget,
        serviceLevelMet: figures.serviceLevelMet,
        abandonRateMet: figures.abandonRateMet,
      },
      days: report.days.map((day) => ({
        date: day.day,
        offered: day.offered,
        answered: day.answered,
        answeredWithinTarget: day.answeredWithinTarget,
        abandoned: day.abandoned,
        shortAbandons: day.shortAbandons,
        serviceLevel: day.serviceLevel,
        abandonRate: day.abandonRate,
      })),
    }
    if (this.json) {
      this.logger.log(JSON.stringify(json))
      return
    }
    const percent = (value: number | null) =>
      value === null ? '–' : `${(value * 100).toFixed(1).replace('.', ',')} %`
    // null: no calls to measure (no call offered / none answered) — neither met nor missed
    const verdict = (met: boolean | null) =>
      met === null ? 'inga samtal att mäta' : met ? 'uppfyllt' : 'EJ UPPFYLLT'
    const name = head.period ?? `${head.from} – ${head.to}`
    this.logger.info(
      `${name}: ${figures.offered} erbjudna, ${figures.answered} besvarade, ${figures.abandoned} avbrutna (${figures.shortAbandons} korta avbrott räknas inte)`
    )
    this.logger.info(
      `svarsandel inom ${targets.targetSeconds} s: ${percent(figures.serviceLevel)} (mål ${percent(targets.serviceLevelTarget)}) ${verdict(figures.serviceLevelMet)}`
    )
    this.logger.info(
      `avbrutna: ${percent(figures.abandonRate)} (mål högst ${percent(targets.abandonRateTarget)}) ${verdict(figures.abandonRateMet)}`
    )
  }
}
