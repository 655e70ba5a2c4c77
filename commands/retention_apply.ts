import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RetentionApplyCommand extends BaseCommand {
  static commandName = 'retention:apply'
  static description =
    'Gallra samtalens rådata som är äldre än inställningen (dag- och timsummor, fakturor och underlag sparas)'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Visa bara vad som skulle tas bort' })
  declare dryRun: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { applyRetention } = await import('#actions/retention/apply_retention')
    const result = await applyRetention({ dryRun: this.dryRun, userId: null })
    if (this.json) return this.logger.log(JSON.stringify(result))
    const total = result.removable.reduce((sum, month) => sum + month.calls, 0)
    this.logger.info(`Samtal sparas i ${result.months} månader: gränsen är ${result.cutoff}.`)
    for (const month of result.removable)
      this.logger.info(`  ${month.month}: ${month.calls} samtal`)
    if (result.keptForDeviations > 0)
      this.logger.info(
        `${result.keptForDeviations} äldre samtal sparas eftersom en avvikelse pekar på dem.`
      )
    if (result.dryRun)
      this.logger.info(`Provkörning: ${total} samtal skulle tas bort; inget ändrades.`)
    else this.logger.success(`${result.deleted} samtal togs bort.`)
  }
}
