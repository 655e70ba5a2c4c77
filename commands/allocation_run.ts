import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class AllocationRunCommand extends BaseCommand {
  static commandName = 'allocation:run'
  static description = 'Räknar (om) periodens kostnadsfördelning som utkast'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM' })
  declare period: string

  @flags.string({ description: 'Vem som utför steget: e-postadressen till en aktiv användare' })
  declare as: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { formatOre } = await import('#domain/formatting')
    const { runAllocation } = await import('#actions/month_end/run_allocation')
    const { checkPeriod, failPeriodCommand } = await import('#services/period_command')
    const { actingUser } = await import('#services/acting_user')
    if (!checkPeriod(this)) return
    const acting = await actingUser(this.as, 'run')
    if (!acting.ok) return failPeriodCommand(this, acting.error)
    const result = await runAllocation(this.period, acting.user.id)
    if (!result.ok) return failPeriodCommand(this, result.errors)
    if (this.json) {
      const { ok: _ok, ...json } = result
      this.logger.log(JSON.stringify(json))
      return
    }
    for (const pool of result.pools) {
      this.logger.info(
        `${pool.code}: ${formatOre(BigInt(pool.amountOre))} fördelat efter ${pool.total} (${pool.keyDate}) på ${pool.shares.length} organisationer`
      )
    }
    for (const warning of result.warnings) this.logger.warning(warning)
    this.logger.success(
      `Kostnadsfördelningen för ${this.period} är ett utkast som väntar på godkännande.`
    )
  }
}
