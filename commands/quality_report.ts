import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class QualityReportCommand extends BaseCommand {
  static commandName = 'quality:report'
  static description = 'Periodens kvalitetstal för leverantören (svarsandel, avbrutna, ASA, AHT …)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM' })
  declare period: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { monthQuality } = await import('#queries/quality/month_quality')
    const { checkPeriod } = await import('#services/period_command')
    if (!checkPeriod(this)) return
    const report = await monthQuality(this.period)
    const { figures, targets } = report
    const json = {
      period: report.period,
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
    this.logger.info(
      `${this.period}: ${figures.offered} erbjudna, ${figures.answered} besvarade, ${figures.abandoned} avbrutna (${figures.shortAbandons} korta avbrott räknas inte)`
    )
    this.logger.info(
      `svarsandel inom ${targets.targetSeconds} s: ${percent(figures.serviceLevel)} (mål ${percent(targets.serviceLevelTarget)}) ${figures.serviceLevelMet === false ? 'EJ UPPFYLLT' : 'uppfyllt'}`
    )
    this.logger.info(
      `avbrutna: ${percent(figures.abandonRate)} (mål högst ${percent(targets.abandonRateTarget)}) ${figures.abandonRateMet === false ? 'EJ UPPFYLLT' : 'uppfyllt'}`
    )
  }
}
