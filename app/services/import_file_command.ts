/**
 * The shared shape of the register imports' ace commands (`import:organisations`,
 * `import:headcount`, `import:costs`, `import:statistics`): FILE, `--partial`, `--json`.
 * A command names itself and says which import reads the file.
 */
import { basename } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { ImportRequest, ImportResult } from '#actions/imports/run_csv_import'

export abstract class ImportFileCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Spara giltiga rader även om andra rader har fel' })
  declare partial: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  abstract importFile(request: ImportRequest): Promise<ImportResult>

  async run() {
    const { runImportCommand } = await import('#services/import_command')
    await runImportCommand(this, (filePath) =>
      this.importFile({
        filePath,
        fileName: basename(filePath),
        userId: null,
        partial: this.partial,
      })
    )
  }
}
