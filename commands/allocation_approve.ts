import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class AllocationApproveCommand extends BaseCommand {
  static commandName = 'allocation:approve'
  static description = 'Godkänner periodens kostnadsfördelning (--reopen öppnar den igen)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM' })
  declare period: string

  @flags.boolean({ description: 'Öppna en godkänd period igen (före fakturering)' })
  declare reopen: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { setPeriodApproval } = await import('#actions/month_end/run_allocation')
    const { failPeriodCommand } = await import('#services/period_command')
    const result = await setPeriodApproval(this.period, !this.reopen, null)
    if (!result.ok) return failPeriodCommand(this, result.error)
    // the command line approves the current calculation and names it
    if (this.json) {
      const approved =
        result.status === 'approved'
          ? { approvedBy: null, calculationId: result.calculationId }
          : {}
      this.logger.log(JSON.stringify({ period: this.period, status: result.status, ...approved }))
    } else if (result.status === 'approved') {
      this.logger.success(`Perioden ${this.period}: beräkning ${result.calculationId} godkänd.`)
    } else {
      this.logger.success(`Perioden ${this.period}: öppnad igen (utkast).`)
    }
  }
}
