import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportOrganisationsCommand extends BaseCommand {
  static commandName = 'import:organisations'
  static description = 'Läser in organisationsregistret från en CSV-fil (FORMATS.md)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Spara giltiga rader även om andra rader har fel' })
  declare partial: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importOrganisations } = await import('#actions/organisations/import_organisations')
    const { runImportCommand } = await import('#services/import_command')
    await runImportCommand(this, (filePath) =>
      importOrganisations({
        filePath,
        fileName: basename(filePath),
        userId: null,
        partial: this.partial,
      })
    )
  }
}

