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

  @flags.string({ description: 'Vem som utför steget: e-postadressen till en aktiv användare' })
  declare as: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  @flags.boolean({
    description: 'Godkänn fast en kostnadspost som bygger på leverantörsfakturor saknar faktura',
  })
  declare confirmEmptyPool: boolean

  @flags.string({ description: 'Varför (krävs med --confirm-empty-pool)' })
  declare comment: string

  async run() {
    const { setPeriodApproval } = await import('#actions/month_end/run_allocation')
    const { failPeriodCommand, checkPeriod } = await import('#services/period_command')
    const { actingUser } = await import('#services/acting_user')
    if (!checkPeriod(this)) return
    const acting = await actingUser(this.as, 'approve')
    if (!acting.ok) return failPeriodCommand(this, acting.error)
    const result = await setPeriodApproval(
      this.period,
      !this.reopen,
      acting.user.id,
      undefined,
      // without the flag no comment is passed, so an empty pool is refused
      this.confirmEmptyPool ? { emptyPoolComment: this.comment ?? '' } : {}
    )
    if (!result.ok) return failPeriodCommand(this, result.error)
    // the command line approves the current calculation and names it
    if (this.json) {
      const approved =
        result.status === 'approved'
          ? { approvedBy: acting.user.email, calculationId: result.calculationId }
          : {}
      this.logger.log(JSON.stringify({ period: this.period, status: result.status, ...approved }))
    } else if (result.status === 'approved') {
      this.logger.success(`Perioden ${this.period}: beräkning ${result.calculationId} godkänd.`)
    } else {
      this.logger.success(`Perioden ${this.period}: öppnad igen (utkast).`)
    }
  }
}
