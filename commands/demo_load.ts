import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class DemoLoadCommand extends BaseCommand {
  static commandName = 'demo:load'
  static description = 'Läser in demodata (fiktiva personer, organisationsregister). Kan köras om.'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({
    description: 'Bara på en tom databas eller för att göra klart en avbruten demo (första start)',
  })
  declare ifEmpty: boolean

  @flags.boolean({
    description: 'Kör databasens migreringar först (npm start: en process i stället för två)',
  })
  declare migrate: boolean

  async run() {
    if (this.migrate) {
      const { runPendingMigrations } = await import('#services/migrations')
      const migrated = await runPendingMigrations()
      if (migrated > 0) this.logger.info(`Databasen har migrerats (${migrated} migreringar).`)
      const { tellStartMigrated } = await import('#services/start_gate')
      tellStartMigrated()
    }
    const { loadDemo } = await import('#database/demo/index')
    const { demoStart, markDemoComplete } = await import('#database/demo/state')
    if (this.ifEmpty) {
      const start = await demoStart()
      if (start === 'loaded') return this.logger.info('Demodata finns redan – hoppar över.')
      if (start === 'not-demo') {
        return this.logger.info('Databasen har egna användare – ingen demodata läses in.')
      }
      if (start === 'complete') {
        this.logger.info('Demodatan blev inte färdig förra gången – läser in den igen.')
      }
    }
    const started = Date.now()
    const counts = await loadDemo()
    await markDemoComplete()
    this.logger.success(
      `Demodata inläst: ${counts.organisations} organisationer, ${counts.users} användare (${Date.now() - started} ms).`
    )
  }
}
