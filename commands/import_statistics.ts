import type { ImportRequest } from '#actions/imports/run_csv_import'
import { ImportFileCommand } from '#services/import_file_command'

export default class ImportStatisticsCommand extends ImportFileCommand {
  static commandName = 'import:statistics'
  static description =
    'Läser in leverantörens statistik per dag eller timme (för månader utan samtalsposter)'

  async importFile(request: ImportRequest) {
    const { importStatistics } = await import('#actions/statistics/import_statistics')
    return importStatistics(request)
  }
}
