import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class InvoicesCorrectCommand extends BaseCommand {
  static commandName = 'invoices:correct'
  static description =
    'Rättar en fakturerad period nu: kreditfakturor och nya fakturor med omräknade andelar'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM' })
  declare period: string

  @flags.string({ description: 'Vem som utför steget: e-postadressen till en aktiv controller' })
  declare as: string

  @flags.string({ description: 'Orsaken (krävs), står på kreditfakturorna' })
  declare reason: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { correctPeriod } = await import('#actions/month_end/correct_period')
    const { failPeriodCommand, checkPeriod } = await import('#services/period_command')
    const { actingUser } = await import('#services/acting_user')
    if (!checkPeriod(this)) return
    const acting = await actingUser(this.as, 'credit')
    if (!acting.ok) return failPeriodCommand(this, acting.error)
    const result = await correctPeriod(this.period, this.reason ?? '', acting.user.id)
    if (!result.ok) return failPeriodCommand(this, result.error)
    if (this.json) {
      this.logger.log(JSON.stringify({ period: result.period, corrections: result.corrections }))
      return
    }
    for (const c of result.corrections) {
      this.logger.info(
        `${c.organisation}: ${c.credited ?? '–'} krediterad med ${c.creditNote ?? '–'}, ny faktura ${c.invoice?.number ?? '–'}`
      )
    }
    this.logger.success(`Perioden ${this.period} är rättad.`)
  }
}
