import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** The e-mail of invoices by hand or from cron (the web process's worker does it by itself; docs/adr/0025). */
export default class DeliveriesSendCommand extends BaseCommand {
  static commandName = 'deliveries:send'
  static description =
    'Skicka fakturor som väntar på e-post och försök igen med misslyckade utskick som är ett dygn gamla'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { sendQueuedDeliveries } = await import('#actions/deliveries/send_queued_deliveries')
    const result = await sendQueuedDeliveries()
    if (result.failed > 0) this.exitCode = 1
    if (this.json) {
      this.logger.log(JSON.stringify({ status: 'ok', ...result }))
      return
    }
    this.logger.success(
      `Utskick: ${result.sent} skickade, ${result.failed} misslyckades (${result.retried} nya försök, ${result.notClaimed} skickades redan av en annan process).`
    )
  }
}
