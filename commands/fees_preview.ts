import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * FORMATS.md `fees:preview YYYY`: each organisation's expected shares for a year — that
 * year's budget over the register at its key date as it stands today (docs/adr/0029).
 */
export default class FeesPreviewCommand extends BaseCommand {
  static commandName = 'fees:preview'
  static description = 'Organisationernas väntade avgifter för ett år: budgeten över registret'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Året, ÅÅÅÅ' })
  declare year: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { failPeriodCommand } = await import('#services/period_command')
    const { message } = await import('#services/messages')
    const { renderMessages } = await import('#domain/coded_message')
    const { isBudgetYear } = await import('#domain/budget')
    const year = /^\d{4}$/.test(this.year) ? Number(this.year) : null
    if (year === null || !isBudgetYear(year)) {
      return failPeriodCommand(this, message('budget.errors.badYear', { year: this.year }))
    }
    const { feePreview, previewNotes } = await import('#queries/budget/fee_preview')
    const preview = await feePreview(year)
    const translate = (key: string, data?: Record<string, unknown>) => message(key, data)
    // a year with no budget (or nothing to allocate over) is answered with no pools and the
    // notes the page shows, not refused (docs/budget.md)
    const json = {
      year,
      pools: preview.pools.map((pool) => ({
        code: pool.code,
        budgetOre: pool.budgetOre,
        basis: pool.basis,
        keyDate: pool.keyDate,
        total: pool.total,
        shares: pool.shares,
      })),
      warnings: renderMessages(previewNotes(preview), translate),
    }
    if (this.json) {
      this.logger.log(JSON.stringify(json))
      return
    }
    const { formatOre } = await import('#domain/formatting')
    for (const pool of json.pools) {
      this.logger.info(
        `${pool.code}: budget ${formatOre(pool.budgetOre)}, nyckel ${pool.keyDate} (${pool.total})`
      )
      for (const share of pool.shares) {
        this.logger.log(`  ${share.organisation}: ${share.count} → ${formatOre(share.amountOre)}`)
      }
    }
    for (const warning of json.warnings) this.logger.warning(warning)
  }
}
