import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class InvoicesUblCommand extends BaseCommand {
  static commandName = 'invoices:ubl'
  static description =
    'En bolagsfaktura eller kreditfaktura som e-faktura (Peppol BIS Billing 3, UBL)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Fakturanumret, t.ex. 2026-00012' })
  declare number: string

  @flags.string({ description: 'Filen som skrivs (XML)' })
  declare out: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { stat, writeFile } = await import('node:fs/promises')
    const { dirname } = await import('node:path')
    const { ublDocument } = await import('#queries/invoices/ubl_document')
    const { ublXml } = await import('#domain/ubl')
    const { failCommand } = await import('#services/command_failure')
    const { message } = await import('#services/messages')
    if (!this.out) return failCommand(this, [message('ubl.command.outMissing')])
    const folder = dirname(this.out)
    const found = await stat(folder).catch(() => null)
    if (!found?.isDirectory())
      return failCommand(this, [message('ubl.command.folderMissing', { folder })])
    const result = await ublDocument({ number: this.number ?? '' })
    if (!result.ok) {
      const reason = message(`ubl.refused.${result.error}`)
      return failCommand(this, [message('ubl.command.refusedFor', { number: this.number, reason })])
    }
    await writeFile(this.out, ublXml(result.document))
    if (this.json) {
      this.logger.log(
        JSON.stringify({
          number: result.document.number,
          kind: result.document.kind,
          out: this.out,
        })
      )
      return
    }
    this.logger.success(message('ubl.command.written', { number: this.number, out: this.out }))
  }
}
