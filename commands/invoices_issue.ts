import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class InvoicesIssueCommand extends BaseCommand {
  static commandName = 'invoices:issue'
  static description = 'Utfärdar periodens internfakturor (nummer, PDF) och låser perioden'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM' })
  declare period: string

  @flags.string({ description: 'Vem som utför steget: e-postadressen till en aktiv användare' })
  declare as: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { issueInvoices } = await import('#actions/month_end/issue_invoices')
    const { formatOre } = await import('#domain/formatting')
    const { failPeriodCommand, checkPeriod } = await import('#services/period_command')
    const { actingUser } = await import('#services/acting_user')
    if (!checkPeriod(this)) return
    const acting = await actingUser(this.as, 'issue')
    if (!acting.ok) return failPeriodCommand(this, acting.error)
    const result = await issueInvoices(this.period, acting.user.id)
    if (!result.ok) return failPeriodCommand(this, result.error)
    if (this.json) {
      this.logger.log(
        JSON.stringify({
          period: result.period,
          alreadyInvoiced: result.alreadyInvoiced,
          invoices: result.invoices,
        })
      )
      return
    }
    if (result.alreadyInvoiced)
      this.logger.info(`Perioden ${this.period} är redan fakturerad; inget nytt utfärdades.`)
    for (const invoice of result.invoices) {
      this.logger.info(
        `${invoice.number} ${invoice.organisation.padEnd(16)} ${formatOre(BigInt(invoice.totalOre)).padStart(18)}  ${invoice.pdf}`
      )
    }
    if (!result.alreadyInvoiced)
      this.logger.success(`${result.invoices.length} fakturor utfärdade; perioden är låst.`)
  }
}
