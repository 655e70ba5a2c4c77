import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class InvoicesCreditCommand extends BaseCommand {
  static commandName = 'invoices:credit'
  static description = 'Kreditfaktura för en faktura, hela eller valda rader (--lines=1,3)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Fakturanumret, t.ex. 2026-00012' })
  declare number: string

  @flags.string({ description: 'Vem som utför steget: e-postadressen till en aktiv controller' })
  declare as: string

  @flags.string({ description: 'Orsaken (krävs), står på kreditfakturan' })
  declare reason: string

  @flags.string({ description: 'Radnummer som krediteras, kommaseparerade (utan: alla rader)' })
  declare lines: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  declare period: string

  async run() {
    const { creditInvoice } = await import('#actions/month_end/credit_invoice')
    const { failPeriodCommand } = await import('#services/period_command')
    const { actingUser } = await import('#services/acting_user')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    this.period = ''
    const acting = await actingUser(this.as, 'credit')
    if (!acting.ok) return failPeriodCommand(this, acting.error)
    const invoice = await db
      .from('invoices')
      .where('number', this.number ?? '')
      .first()
    if (!invoice) return failPeriodCommand(this, `Faktura ${this.number} finns inte.`)
    this.period = invoice.period
    let positions: number[] | undefined
    if (this.lines !== undefined) {
      positions = this.lines.split(',').map((part) => Number(part.trim()))
      if (positions.some((n) => !Number.isInteger(n) || n < 1 || n > 1000))
        return failPeriodCommand(this, 'Raderna anges som radnummer, t.ex. --lines=1,3.')
    }
    const result = await creditInvoice(
      Number(invoice.id),
      this.reason ?? '',
      acting.user.id,
      positions
    )
    if (!result.ok) return failPeriodCommand(this, result.error)
    if (this.json) {
      this.logger.log(JSON.stringify({ credits: invoice.number, number: result.number }))
      return
    }
    this.logger.success(`Kreditfaktura ${result.number} krediterar ${invoice.number}.`)
  }
}
