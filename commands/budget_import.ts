import type { ImportRequest } from '#actions/imports/run_csv_import'
import { ImportFileCommand } from '#services/import_file_command'

export default class BudgetImportCommand extends ImportFileCommand {
  static commandName = 'budget:import'
  static description = 'Läser in budget per kostnadspost och månad (År;Månad;Kostnadspost;Belopp)'

  async importFile(request: ImportRequest) {
    const { importBudget } = await import('#actions/budget/import_budget')
    return importBudget(request)
  }
}
