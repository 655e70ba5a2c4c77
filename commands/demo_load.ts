import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class DemoLoadCommand extends BaseCommand {
  static commandName = 'demo:load'
  static description = 'Läser in demodata (fiktiva personer, organisationsregister). Kan köras om.'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({
    description: 'Bara på en tom databas eller för att göra klart en avbruten demo (första start)',
  })
  declare ifEmpty: boolean

  async run() {
    const { loadDemoData } = await import('#database/demo/load_demo_data')
    const { demoStart, markDemoComplete } = await import('#database/demo/state')
    if (this.ifEmpty) {
      const start = await demoStart()
      if (start === 'loaded') return this.logger.info('Demodata finns redan – hoppar över.')
      if (start === 'not-demo') {
        return this.logger.info('Databasen har egna användare – ingen demodata läses in.')
      }
      if (start === 'complete') {
        this.logger.info('Demodatan blev inte färdig förra gången – läser in den igen.')
      }
    }
    const started = Date.now()
    const counts = await loadDemoData()
    const { loadDemoAnnouncements } = await import('#database/demo/announcements')
    await loadDemoAnnouncements()
    const { loadDemoFeedback } = await import('#database/demo/feedback')
    await loadDemoFeedback()
    const { loadDemoMultiOrg } = await import('#database/demo/multi_org')
    await loadDemoMultiOrg()
    const { loadDemoQualityHistory } = await import('#database/demo/quality_history')
    await loadDemoQualityHistory()
    // issue 16 point 9 (helper F): supplier files that arrived by themselves
    const { loadDemoDropFolder } = await import('#database/demo/drop_folder')
    await loadDemoDropFolder()
    // issue 16: governance meetings (point 7) and extension orders in every state (point 3)
    const { loadDemoGovernance } = await import('#database/demo/governance')
    await loadDemoGovernance()
    const { loadDemoExtensionOrders } = await import('#database/demo/extension_orders')
    await loadDemoExtensionOrders()
    // issue 15 (docs/adr/0024): the month-end checklist and the invoice list's statuses
    // (before the e-mail step, so the credit note it issues is sent with the month's invoices)
    const { loadDemoMonthEndChecklist } = await import('#database/demo/month_end_checklist')
    await loadDemoMonthEndChecklist()
    // the e-mail of the invoiced month (docs/adr/0025): sent, and one failed
    const { loadDemoDeliveries } = await import('#database/demo/deliveries')
    await loadDemoDeliveries()
    // issue 17 (helper g): budgets for last, this and next year, run-rate for TELEFONIST
    const { loadDemoBudget } = await import('#database/demo/budget')
    await loadDemoBudget()
    await markDemoComplete()
    this.logger.success(
      `Demodata inläst: ${counts.organisations} organisationer, ${counts.users} användare (${Date.now() - started} ms).`
    )
  }
}
