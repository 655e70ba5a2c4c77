import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportHeadcountCommand extends BaseCommand {
  static commandName = 'import:headcount'
  static description = 'Läser in antal anställda per organisation och månad (FORMATS.md)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Spara giltiga rader även om andra rader har fel' })
  declare partial: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importHeadcount } = await import('#actions/headcount/import_headcount')
    const { runImportCommand } = await import('#services/import_command')
    await runImportCommand(this, (filePath) =>
      importHeadcount({ filePath, fileName: basename(filePath), userId: null, partial: this.partial })
    )
  }
}
