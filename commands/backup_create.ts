import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class BackupCreateCommand extends BaseCommand {
  static commandName = 'backup:create'
  static description =
    'Säkerhetskopiera databasen och de lagrade filerna (PDF) till en ny mapp, med manifest och kontrollsummor'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Mappen som kopian skrivs till (ny eller tom)', required: true })
  declare out: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { resolve } = await import('node:path')
    const { createBackup } = await import('#actions/backups/create_backup')
    const { databaseSettings } = await import('#services/database_settings')
    const { storage } = await import('#services/storage')
    const result = await createBackup({
      connection: databaseSettings().connection,
      storage: storage(),
      outDir: resolve(this.out),
    })
    if (this.json) this.logger.log(JSON.stringify({ status: 'created', ...result }))
    else
      this.logger.success(
        `Säkerhetskopian finns i ${result.out}: ${result.tables} tabeller (${result.rows} rader), ${result.files} filer.`
      )
  }
}
