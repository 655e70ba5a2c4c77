import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportStatisticsCommand extends BaseCommand {
  static commandName = 'import:statistics'
  static description = 'Läser in leverantörens statistik per dag eller timme (för månader utan samtalsposter)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Spara giltiga rader även om andra rader har fel' })
  declare partial: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importStatistics } = await import('#actions/statistics/import_statistics')
    const { runImportCommand } = await import('#services/import_command')
    await runImportCommand(this, (filePath) =>
      importStatistics({ filePath, fileName: basename(filePath), userId: null, partial: this.partial })
    )
  }
}
