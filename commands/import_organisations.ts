import type { ImportRequest } from '#actions/imports/run_csv_import'
import { ImportFileCommand } from '#services/import_file_command'

export default class ImportOrganisationsCommand extends ImportFileCommand {
  static commandName = 'import:organisations'
  static description = 'Läser in organisationsregistret från en CSV-fil (FORMATS.md)'

  async importFile(request: ImportRequest) {
    const { importOrganisations } = await import('#actions/organisations/import_organisations')
    return importOrganisations(request)
  }
}
