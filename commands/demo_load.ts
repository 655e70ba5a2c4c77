import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class DemoLoadCommand extends BaseCommand {
  static commandName = 'demo:load'
  static description = 'Läser in demodata (fiktiva personer, organisationsregister). Kan köras om.'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Bara om databasen inte har några användare (första start)' })
  declare ifEmpty: boolean

  async run() {
    const { default: User } = await import('#models/user')
    const { loadDemoData } = await import('#database/demo/load_demo_data')
    if (this.ifEmpty && (await User.query().first())) {
      this.logger.info('Demodata finns redan – hoppar över.')
      return
    }
    const started = Date.now()
    const counts = await loadDemoData()
    this.logger.success(
      `Demodata inläst: ${counts.organisations} organisationer, ${counts.users} användare (${Date.now() - started} ms).`
    )
  }
}
