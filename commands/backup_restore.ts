import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class BackupRestoreCommand extends BaseCommand {
  static commandName = 'backup:restore'
  static description = 'Återställ en säkerhetskopia till en tom databas och en tom lagringsmapp'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Säkerhetskopians mapp' })
  declare dir: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { resolve } = await import('node:path')
    const { restoreBackup } = await import('#actions/backups/restore_backup')
    const { databaseSettings } = await import('#services/database_settings')
    const { storage } = await import('#services/storage')
    const { migrationsOnDisk, migrateDatabase } = await import('#services/migrations')
    const { failCommand } = await import('#services/command_failure')
    const result = await restoreBackup({
      dir: resolve(this.dir),
      connection: databaseSettings().connection,
      storage: storage(),
      migrations: await migrationsOnDisk(),
      migrate: () => migrateDatabase(),
    })
    if (!result.ok) return failCommand(this, result.errors)
    if (this.json) this.logger.log(JSON.stringify({ status: 'restored', ...result, ok: undefined }))
    else {
      this.logger.success(
        `Återställd: ${result.tables} tabeller, ${result.files} filer; ${result.invoicePdfs} fakturors PDF stämmer med sina kontrollsummor.`
      )
    }
  }
}
