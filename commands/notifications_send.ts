import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** One notification sweep (the web process runs it every minute; this is for cron or by hand). */
export default class NotificationsSendCommand extends BaseCommand {
  static commandName = 'notifications:send'
  static description =
    'Skicka påminnelser (träffar, rutiner), aviseringar med e-post och veckosammanfattningar'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { runNotificationSweep } = await import('#actions/notifications/sweep')
    const result = await runNotificationSweep()
    if (this.json) {
      this.logger.log(JSON.stringify(result ? { status: 'ok', ...result } : { status: 'busy' }))
      return
    }
    if (!result) {
      this.logger.info('En annan process skickar just nu; inget gjordes.')
      return
    }
    this.logger.success(
      `Påminnelser: ${result.meetingReminders} träffar, ${result.routineReminders} rutiner. E-post: ${result.mailed} aviseringar, ${result.digests} veckosammanfattningar, ${result.guestInvitations} mötesinbjudningar till gäster.`
    )
  }
}
