/**
 * "Väntar på dig" on the office start page (docs/adr/0021): what the controller and the
 * coordinator have to do next, computed from the state each time the page is shown —
 * nothing is stored, so an item disappears as soon as the state no longer calls for it.
 * Each item is a message key (resources/lang/{sv,en}/waiting.json), its figures and a link.
 */
import db from '@adonisjs/lucid/services/db'
import { staleness } from '#queries/month_end/staleness'
import { callFiguresArrived, supplierInvoiceArrived } from '#queries/imports/month_inputs'
import { monthFollowUp } from '#queries/quality/service_credit'
import { monthReports } from '#queries/quality/month_quality'
import { acknowledgementCoverage } from '#queries/routines/routines'
import { countOrganisationsWithoutReview, reviewIntervalMonths } from '#queries/meetings/reviews'
import { monthOf, previousMonth } from '#domain/periods'
import { paths } from '#domain/paths'
import { orderCountsByStatus } from '#queries/extension_orders/extension_orders'
import { clock } from '#services/clock'

export interface WaitingItem {
  /** `waiting.items.<key>` */
  key: string
  params: Record<string, string | number>
  url: string
}

/** A routine is "low" below this share of active contacts having acknowledged it. */
export const LOW_ACKNOWLEDGEMENT_PERCENT = 80
/** Failed imports and reported posts are waiting for this many days. */
export const RECENT_DAYS = 30

const periodUrl = (period: string) => `/kostnadsfordelning/${period}`

/** The controller: drafts to approve, stale calculations, periods to invoice, verifications to export. */
export async function controllerWaiting(): Promise<WaitingItem[]> {
  const items: WaitingItem[] = []
  const periods = await db
    .from('periods as p')
    .whereIn('p.status', ['draft', 'approved'])
    .orderBy('p.period')
    .select(
      'p.period',
      'p.status',
      'p.calculation_id',
      db.raw(
        '(SELECT coalesce(sum(a.amount_ore), 0)::bigint FROM allocations a WHERE a.period = p.period) AS total_ore'
      )
    )
  for (const period of periods) {
    // the row just read is the period's row for the check (status and current calculation)
    const stale = await staleness(db.connection(), period.period, period)
    if (stale.stale) {
      items.push({
        key: period.status === 'draft' ? 'staleDraft' : 'staleApproval',
        params: { period: period.period, count: stale.changes.length },
        url: periodUrl(period.period),
      })
    } else if (period.status === 'draft') {
      items.push({
        key: 'draftToApprove',
        params: { period: period.period, total: String(period.total_ore) },
        url: periodUrl(period.period),
      })
    } else {
      items.push({
        key: 'periodToInvoice',
        params: { period: period.period, total: String(period.total_ore) },
        url: periodUrl(period.period),
      })
    }
  }
  const unexported = await db
    .from('invoices as i')
    .leftJoin('exported_verifications as e', 'e.invoice_id', 'i.id')
    .whereNull('e.invoice_id')
    .count('* as total')
    .first()
  const count = Number(unexported?.total ?? 0)
  if (count > 0)
    items.push({ key: 'verificationsToExport', params: { count }, url: '/ekonomiexport' })
  return items
}

/**
 * The coordinator: deviations, imports, last month's inputs, the two decisions, routines,
 * reports, avstämningar due and failed invoice e-mails.
 */
export async function coordinatorWaiting(today = clock.today()): Promise<WaitingItem[]> {
  const items: WaitingItem[] = []
  // the four counts of the page in one round trip (issue 18 point 4): new deviations, failed
  // imports and reported posts of the last RECENT_DAYS, failed invoice e-mails
  const countRows = await db.rawQuery(
    `SELECT (SELECT count(*) FROM deviations WHERE status = 'ny')::int AS new_deviations,
              (SELECT count(*) FROM imports WHERE status IN ('failed', 'rejected')
                  AND created_at >= now() - make_interval(days => :days))::int AS failed_imports,
              (SELECT count(*) FROM forum_posts p WHERE NOT p.hidden AND EXISTS (
                  SELECT 1 FROM forum_reports r WHERE r.post_id = p.id
                     AND r.created_at >= now() - make_interval(days => :days)))::int AS reported_posts,
              (SELECT count(*) FROM document_deliveries WHERE status = 'failed')::int AS failed_deliveries`,
    { days: RECENT_DAYS }
  )
  const counts = countRows.rows[0] as {
    new_deviations: number
    failed_imports: number
    reported_posts: number
    failed_deliveries: number
  }
  const newDeviations = counts.new_deviations
  if (newDeviations > 0)
    items.push({ key: 'newDeviations', params: { count: newDeviations }, url: '/avvikelser' })

  const failed = counts.failed_imports
  if (failed > 0)
    items.push({
      key: 'failedImports',
      params: { count: failed, days: RECENT_DAYS },
      url: '/administration/importer',
    })

  const lastMonth = previousMonth(monthOf(today))
  if (!(await callFiguresArrived(lastMonth)))
    items.push({
      key: 'callsMissing',
      params: { period: lastMonth },
      url: '/administration/importer',
    })
  if (!(await supplierInvoiceArrived(lastMonth)))
    items.push({
      key: 'supplierInvoiceMissing',
      params: { period: lastMonth },
      url: '/leverantorsfakturor',
    })

  // a difference to explain: last month and every month still open for approval
  const open = await db.from('periods').whereIn('status', ['draft', 'approved']).select('period')
  const months = [...new Set([lastMonth, ...open.map((row) => row.period as string)])].sort()
  // the months' figures in one data state, each month's rule read once for both checks
  const reports = await monthReports(months)
  const followUps = []
  for (const [index, month] of months.entries())
    followUps.push(await monthFollowUp(month, reports[index]))
  for (const [index, month] of months.entries()) {
    const check = followUps[index].check
    if (check.flagged && !check.explanation)
      items.push({
        key: 'differenceToExplain',
        params: { period: month, invoiced: check.invoicedQuantity, answered: check.answered },
        url: `/samtal?manad=${month}#reconciliation`,
      })
  }

  // a service credit the contract rule proposes (computed, docs/adr/0007) and nobody decided,
  // for the same months
  for (const [index, month] of months.entries()) {
    const credit = followUps[index].credit
    if (credit && credit.status === 'proposed' && BigInt(credit.proposed_ore) > 0n)
      items.push({
        key: 'creditToDecide',
        params: { period: month, amount: String(credit.proposed_ore) },
        url: `/samtal?manad=${month}#credit`,
      })
  }

  const routines = await db
    .from('routines as r')
    .where('r.requires_acknowledgement', true)
    .whereExists((q) => q.from('routine_versions as v').whereRaw('v.routine_id = r.id'))
    .orderBy('r.id')
    .select(
      'r.id',
      db.raw(
        '(SELECT v.title FROM routine_versions v WHERE v.routine_id = r.id ORDER BY v.version DESC LIMIT 1) AS title'
      )
    )
  for (const routine of routines) {
    const coverage = await acknowledgementCoverage(routine.id)
    const contacts = coverage.organisations.flatMap((o) => o.contacts)
    if (contacts.length === 0) continue
    const acknowledged = contacts.filter((c) => c.acknowledged).length
    // integer arithmetic: acknowledged / contacts < 80 %
    if (acknowledged * 100 < LOW_ACKNOWLEDGEMENT_PERCENT * contacts.length)
      items.push({
        key: 'lowAcknowledgement',
        params: {
          title: routine.title,
          acknowledged,
          contacts: contacts.length,
          percent: Math.floor((acknowledged * 100) / contacts.length),
          target: LOW_ACKNOWLEDGEMENT_PERCENT,
        },
        url: `/rutiner/${routine.id}/tackning`,
      })
  }

  const reported = counts.reported_posts
  if (reported > 0)
    items.push({ key: 'reportedPosts', params: { count: reported }, url: '/forum/anmalningar' })
  // organisations whose avstämning is due (docs/adr/0031): listed on the meetings page
  const reviewMonths = await reviewIntervalMonths()
  // the item shows how many, not which: counted, not listed (issue 18 point 4)
  const dueReviews = await countOrganisationsWithoutReview(clock.now(), reviewMonths)
  if (dueReviews > 0)
    items.push({
      key: 'reviewsOverdue',
      params: { count: dueReviews, months: reviewMonths },
      url: paths.overdueReviews(),
    })
  // invoices whose e-mail failed: the reason and "Skicka igen" on /utskick (docs/adr/0025)
  const failedDeliveries = counts.failed_deliveries
  if (failedDeliveries > 0)
    items.push({
      key: 'failedDeliveries',
      params: { count: failedDeliveries },
      url: '/utskick?visa=failed',
    })
  // extension orders at each of the coordinator's steps: decide, send, mark done
  const orderCounts = await orderCountsByStatus({ isContact: false, organisationId: null })
  for (const [status, key] of [
    ['ny', 'extensionOrdersToDecide'],
    ['godkand', 'extensionOrdersToSend'],
    ['skickad', 'extensionOrdersToComplete'],
  ] as const) {
    const count = orderCounts[status] ?? 0
    if (count > 0) items.push({ key, params: { count }, url: paths.extensionOrders(status) })
  }
  return items
}

export function waitingFor(role: string) {
  if (role === 'controller') return controllerWaiting()
  if (role === 'samordnare') return coordinatorWaiting()
  return Promise.resolve([])
}
