import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportCostsCommand extends BaseCommand {
  static commandName = 'import:costs'
  static description = 'Läser in kostnader för kostnadsposter som matas från fil (FORMATS.md)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Spara giltiga rader även om andra rader har fel' })
  declare partial: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importCosts } = await import('#actions/costs/import_costs')
    const { runImportCommand } = await import('#services/import_command')
    await runImportCommand(this, (filePath) =>
      importCosts({ filePath, fileName: basename(filePath), userId: null, partial: this.partial })
    )
  }
}
