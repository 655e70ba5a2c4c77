/**
 * The whole demo, step by step, in the order the steps depend on each other: the one list
 * that `demo:load` runs and that the browser tests load (every_page.spec). A module that adds
 * demo data adds its step here.
 */
import { loadDemoData, loadDemoPeople } from '#database/demo/load_demo_data'
import { loadDemoAnnouncements } from '#database/demo/announcements'
import { loadDemoFeedback } from '#database/demo/feedback'
import { loadDemoMultiOrg } from '#database/demo/multi_org'
import { loadDemoOpeningCalendar, loadDemoQualityHistory } from '#database/demo/quality_history'
import { loadDemoDropFolder } from '#database/demo/drop_folder'
import { loadDemoGovernance } from '#database/demo/governance'
import { loadDemoReviews } from '#database/demo/reviews'
import { loadDemoExtensionOrders } from '#database/demo/extension_orders'
import { loadDemoMonthEndChecklist } from '#database/demo/month_end_checklist'
import { loadDemoBudget, loadDemoT2Forecast } from '#database/demo/budget'
import { loadDemoDeliveries } from '#database/demo/deliveries'

export async function loadDemo() {
  const counts = await loadDemoPeople()
  // before any calls are imported: the import sums the open hours by it
  await loadDemoOpeningCalendar()
  // the 22 months of history are PostgreSQL's work alone, in a transaction of their own:
  // summed while the registers, the two months of calls and the month-end load, which wait
  // on Node as much as on the database (docs/adr/0036)
  await Promise.all([loadDemoData(), loadDemoQualityHistory()])
  await loadDemoAnnouncements()
  await loadDemoFeedback()
  await loadDemoMultiOrg()
  // issue 16: supplier files that arrived by themselves (point 9), governance meetings
  // (point 7) and extension orders in every state (point 3)
  await loadDemoDropFolder()
  await loadDemoGovernance()
  // avstämningar held, planned and overdue, and a cancelled meeting (docs/adr/0031)
  await loadDemoReviews()
  await loadDemoExtensionOrders()
  // issue 15 (docs/adr/0024): the month-end checklist and the invoice list's statuses
  await loadDemoMonthEndChecklist()
  // issue 17: budgets for last, this and next year, run-rate for TELEFONIST
  await loadDemoBudget()
  // last year's T2 forecast, frozen when its August was locked (docs/adr/0029 §3)
  await loadDemoT2Forecast()
  // the e-mail of every demo invoice and credit note (docs/adr/0025): sent, and one
  // refused; last, so the documents the steps above issue are sent too
  await loadDemoDeliveries()
  return counts
}
