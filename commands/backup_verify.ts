import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class BackupVerifyCommand extends BaseCommand {
  static commandName = 'backup:verify'
  static description =
    'Kontrollera en säkerhetskopia mot dess manifest (varje fil och kontrollsumma)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Säkerhetskopians mapp' })
  declare dir: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { resolve } = await import('node:path')
    const { verifyBackup } = await import('#services/backup_archive')
    const { failCommand } = await import('#services/command_failure')
    const { manifest, problems } = await verifyBackup(resolve(this.dir))
    if (!manifest || problems.length > 0) return failCommand(this, problems)
    const checked = manifest.database.tables.length + manifest.files.length
    if (this.json)
      this.logger.log(
        JSON.stringify({
          status: 'ok',
          files: checked,
          createdAt: manifest.createdAt,
          app: manifest.app,
        })
      )
    else
      this.logger.success(
        `Säkerhetskopian från ${manifest.createdAt} är hel: ${checked} filer stämmer med manifestet.`
      )
  }
}
