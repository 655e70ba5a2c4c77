import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { basename } from 'node:path'

export default class ImportSupplierInvoiceCommand extends BaseCommand {
  static commandName = 'import:supplier-invoice'
  static description = 'Läser in leverantörens fakturaspecifikation (FORMATS.md)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV-filen' })
  declare file: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { importSupplierInvoice } =
      await import('#actions/supplier_invoices/import_supplier_invoice')
    const { runImportCommand } = await import('#services/import_command')
    await runImportCommand(this, (filePath) =>
      importSupplierInvoice({ filePath, fileName: basename(filePath), userId: null })
    )
  }
}
