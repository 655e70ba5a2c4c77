import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportExtensionsCommand extends BaseCommand {
  static commandName = 'import:extensions'
  static description =
    'Läser in en ögonblicksbild av anknytningsregistret per ett datum (FORMATS.md)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.string({ description: 'Datumet bilden gäller (ÅÅÅÅ-MM-DD)', flagName: 'as-of' })
  declare asOf: string

  @flags.string({ description: 'Bara den här organisationens anknytningar (kod)' })
  declare organisation?: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importExtensions } = await import('#actions/extensions/import_extensions')
    const { runImportCommand, failCommand } = await import('#services/import_command')
    const { parseDate } = await import('#domain/swedish_csv')
    const asOf = parseDate(this.asOf ?? '')
    if (!asOf.ok) {
      return failCommand(
        this,
        `--as-of=ÅÅÅÅ-MM-DD krävs: datumet ögonblicksbilden gäller (${this.asOf ?? 'saknas'}).`
      )
    }
    await runImportCommand(this, (filePath) =>
      importExtensions(
        { filePath, fileName: basename(filePath), userId: null },
        { asOf: asOf.value, organisationCode: this.organisation ?? null }
      )
    )
  }
}
