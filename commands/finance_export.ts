import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { writeFile } from 'node:fs/promises'

export default class FinanceExportCommand extends BaseCommand {
  static commandName = 'finance:export'
  static description =
    'Skriver en fakturerad periods export till ekonomisystemet (CSV, och SIE 4 med --sie)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Perioden, ÅÅÅÅ-MM' })
  declare period: string

  @flags.string({ description: 'CSV-filen att skriva' })
  declare out: string

  @flags.string({ description: 'Skriv även en SIE 4-fil' })
  declare sie?: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { journalRows, journalCsv, sieFile } = await import('#actions/month_end/finance_export')
    const { failPeriodCommand } = await import('#services/period_command')
    const result = this.out
      ? await journalRows(this.period)
      : { ok: false as const, error: '--out=FIL krävs.' }
    if (!result.ok) return failPeriodCommand(this, result.error)
    await writeFile(this.out, journalCsv(result.rows))
    if (this.sie) await writeFile(this.sie, await sieFile(this.period, result.rows))
    const verifications = new Set(result.rows.map((row) => row.verification)).size
    if (this.json) {
      this.logger.log(
        JSON.stringify({
          period: this.period,
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
