import type { ImportRequest } from '#actions/imports/run_csv_import'
import { ImportFileCommand } from '#services/import_file_command'

export default class ImportHeadcountCommand extends ImportFileCommand {
  static commandName = 'import:headcount'
  static description = 'Läser in antal anställda per organisation och månad (FORMATS.md)'

  async importFile(request: ImportRequest) {
    const { importHeadcount } = await import('#actions/headcount/import_headcount')
    return importHeadcount(request)
  }
}
