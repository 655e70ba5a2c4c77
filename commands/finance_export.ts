import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { writeFile } from 'node:fs/promises'
import type { StoredMessage } from '#domain/coded_message'

/**
 * `finance:export`, three ways (FORMATS.md):
 * - `YYYY-MM --out=FILE [--sie=FILE]`: everything of an invoiced period, for reading
 *   (no batch is recorded);
 * - `--new --out=FILE [--sie=FILE] --as=EMAIL`: the next numbered export batch, every
 *   verification not exported before (docs/adr/0016);
 * - `--batch=N --out=FILE [--sie=FILE]`: batch N again, byte for byte.
 */
export default class FinanceExportCommand extends BaseCommand {
  static commandName = 'finance:export'
  static description =
    'Ekonomiexport: en fakturerad periods verifikationer (ÅÅÅÅ-MM), nästa exportbatch (--new) eller batch N igen (--batch=N); CSV, och SIE 4 med --sie'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM (utan --new och --batch)', required: false })
  declare period?: string

  @flags.boolean({ description: 'Nästa exportbatch: alla verifikationer som inte exporterats' })
  declare new: boolean

  @flags.string({ description: 'Exportbatch N igen, byte för byte' })
  declare batch?: string

  @flags.string({ description: 'Användaren som exporterar (e-post), krävs med --new' })
  declare as?: string

  @flags.string({ description: 'CSV-filen att skriva' })
  declare out: string

  @flags.string({ description: 'Skriv även en SIE 4-fil' })
  declare sie?: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  /** FORMATS.md's failure (the period commands' one: app/services/period_command.ts). */
  private async fail(error: StoredMessage) {
    const { failPeriodCommand } = await import('#services/period_command')
    failPeriodCommand(this, error)
  }

  async run() {
    const { message } = await import('#services/messages')
    const modes = [this.period !== undefined, this.new, this.batch !== undefined].filter(Boolean)
    if (modes.length !== 1) return this.fail(message('exports.cli.oneMode'))
    if (!this.out) return this.fail('--out=FIL krävs.')
    if (this.new) return this.runNew()
    if (this.batch !== undefined) return this.runBatch()
    return this.runPeriod()
  }

  private async runNew() {
    const { resolveActingUser } = await import('#services/export_actor')
    const { createExportBatch } = await import('#actions/month_end/export_batches')
    const { message } = await import('#services/messages')
    const actor = await resolveActingUser(this.as, ['controller'])
    if (!actor.ok) return this.fail(actor.error)
    const result = await createExportBatch(actor.user.id)
    if (!result.ok) return this.fail(result.error)
    if (result.batch === null) {
      // nothing new: no batch is recorded and no file is written
      if (this.json)
        this.logger.log(JSON.stringify({ batch: null, verifications: 0, out: null, sie: null }))
      else this.logger.info(message('exports.cli.nothingNew'))
      return
    }
    await writeFile(this.out, result.csv)
    if (this.sie) await writeFile(this.sie, result.sie)
    await this.report(result.batch, result.verifications)
  }

  private async runBatch() {
    const { readExportBatch } = await import('#actions/month_end/export_batches')
    const { message } = await import('#services/messages')
    if (!/^\d{1,9}$/.test(this.batch!))
      return this.fail(message('exports.cli.badBatch', { batch: this.batch!.slice(0, 20) }))
    const number = Number(this.batch)
    const { default: StoredFileException } = await import('#exceptions/stored_file_exception')
    const result = await readExportBatch(number).catch((error) => {
      // a stored file that is gone or fails its checksum: say which, never write other bytes
      if (error instanceof StoredFileException)
        return {
          ok: false as const,
          error: `${message(error.document.damagedMessage)} (${error.filePath})`,
        }
      throw error
    })
    if (!result.ok) return this.fail(result.error)
    await writeFile(this.out, result.csv)
    if (this.sie) await writeFile(this.sie, result.sie)
    await this.report(number, result.verifications)
  }

  private async report(batch: number, verifications: number) {
    const { message } = await import('#services/messages')
    if (this.json) {
      this.logger.log(
        JSON.stringify({ batch, verifications, out: this.out, sie: this.sie ?? null })
      )
    } else {
      this.logger.success(
        message(this.sie ? 'exports.cli.writtenWithSie' : 'exports.cli.written', {
          batch,
          count: verifications,
          out: this.out,
          sie: this.sie,
        })
      )
    }
  }

  private async runPeriod() {
    const { journalRows, journalCsv, sieFile } = await import('#actions/month_end/finance_export')
    const { periodRefusal } = await import('#services/period_command')
    const period = this.period!
    const refusal = periodRefusal(period)
    if (refusal !== null) return this.fail(refusal)
    const result = await journalRows(period)
    if (!result.ok) return this.fail(result.error)
    await writeFile(this.out, journalCsv(result.rows))
    if (this.sie) await writeFile(this.sie, await sieFile(period, result.rows))
    const verifications = new Set(result.rows.map((row) => row.verification)).size
    if (this.json) {
      this.logger.log(
        JSON.stringify({
          period,
          out: this.out,
          sie: this.sie ?? null,
          verifications,
          rows: result.rows.length,
        })
      )
    } else {
      this.logger.success(
        `${verifications} verifikationer (${result.rows.length} rader) skrivna till ${this.out}${this.sie ? ` och ${this.sie}` : ''}.`
      )
    }
  }
}
