import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportCallsCommand extends BaseCommand {
  static commandName = 'import:calls'
  static description = 'Läser in leverantörens samtalsposter (FORMATS.md), med förlopp på stderr'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Spara giltiga rader och behåll de avvisade med sina fel' })
  declare partial: boolean

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importCallsHere } = await import('#actions/calls/queue_call_import')
    const { sweepJobs } = await import('#services/job_queue')
    const { runImportCommand } = await import('#services/import_command')
    const { createProgressBar } = await import('#services/progress_bar')
    const progress = createProgressBar()
    // imports of processes that died are failed first, also where no web server runs
    await sweepJobs()
    await runImportCommand(this, async (filePath) => {
      try {
        return await importCallsHere({
          filePath,
          fileName: basename(filePath),
          userId: null,
          partial: this.partial,
          onProgress: (state) => progress.update(state),
        })
      } finally {
        progress.done()
      }
    })
  }
}
