import type { ImportRequest } from '#actions/imports/run_csv_import'
import { ImportFileCommand } from '#services/import_file_command'

export default class ImportCostsCommand extends ImportFileCommand {
  static commandName = 'import:costs'
  static description = 'Läser in kostnader för kostnadsposter som matas från fil (FORMATS.md)'

  async importFile(request: ImportRequest) {
    const { importCosts } = await import('#actions/costs/import_costs')
    return importCosts(request)
  }
}
