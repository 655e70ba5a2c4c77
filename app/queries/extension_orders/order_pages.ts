/**
 * What the extension-order pages show: the orders with their effect on the organisation's
 * monthly cost (app/queries/extension_orders/cost_effect.ts), the contact's summary of
 * orders still to come per first period, and the unused extensions with what each costs.
 */
import { getSettings } from '#services/settings'
import {
  effectParts,
  extensionDelta,
  firstPeriodCounting,
  PENDING_STATUSES,
  type ExtensionOrderKind,
  type ExtensionOrderStatus,
} from '#domain/extension_orders'
import { costEstimator } from '#queries/extension_orders/cost_effect'
import {
  actorNames,
  extensionOrderForReaderOrFail,
  extensionOrdersFor,
  orderCountsByStatus,
  pendingOrdersOf,
  type OrderFilter,
  type OrderReader,
} from '#queries/extension_orders/extension_orders'
import {
  DEFAULT_UNUSED_MONTHS,
  lastCallDay,
  unusedExtensions,
} from '#queries/extension_orders/unused_extensions'

export interface EffectView {
  count: string
  n: number
  amount: string
  /** the month the effect starts, `2026-10` */
  period: string
  /** the allocated period whose amounts the estimate uses */
  basePeriod: string
}

interface OrderRow {
  id: number
  kind: ExtensionOrderKind
  status: ExtensionOrderStatus
  organisation_id: number
  target_organisation_id: number | null
  wished_date: string
  performed_on: string | null
}

/**
 * The effect of one order on an organisation (performed: from the day performed): the
 * ordering organisation's, or for a contact of the organisation a move goes to, theirs.
 */
async function effectOf(
  order: OrderRow,
  estimate: Awaited<ReturnType<typeof costEstimator>>,
  organisationId = order.organisation_id
): Promise<EffectView | null> {
  if (order.status === 'avslagen' || order.status === 'makulerad') return null
  const delta = extensionDelta(
    {
      kind: order.kind,
      organisationId: order.organisation_id,
      targetOrganisationId: order.target_organisation_id,
    },
    organisationId
  )
  const applied = order.status === 'utford'
  const date = applied ? order.performed_on! : order.wished_date
  const effect = await estimate(organisationId, delta, date, applied)
  return effect
    ? { ...effectParts(delta, effect.monthlyOre, effect.period), basePeriod: effect.basePeriod }
    : null
}

async function withEffects<T extends OrderRow>(rows: T[], reader: OrderReader) {
  const estimate = await costEstimator()
  const result: (T & { effect: EffectView | null })[] = []
  for (const row of rows) {
    // a contact of the organisation a move goes to sees what it does to their own cost
    const perspective =
      reader.isContact && reader.organisationId ? reader.organisationId : row.organisation_id
    result.push({ ...row, effect: await effectOf(row, estimate, perspective) })
  }
  return result
}

/**
 * The orders still to come of one organisation (also moves to it), summed per first period
 * counting them: "+3 anknytningar ≈ +218 kr/mån från januari 2027".
 */
export async function pendingSummary(organisationId: number) {
  const groups = new Map<string, { delta: number; date: string }>()
  for (const order of await pendingOrdersOf(organisationId)) {
    const delta = extensionDelta(
      {
        kind: order.kind,
        organisationId: order.organisation_id,
        targetOrganisationId: order.target_organisation_id,
      },
      organisationId
    )
    const period = firstPeriodCounting(order.wished_date)
    const group = groups.get(period) ?? { delta: 0, date: order.wished_date }
    group.delta += delta
    if (order.wished_date > group.date) group.date = order.wished_date
    groups.set(period, group)
  }
  const estimate = await costEstimator()
  const lines: EffectView[] = []
  for (const [period, group] of [...groups.entries()].sort()) {
    if (group.delta === 0) continue
    const effect = await estimate(organisationId, group.delta, group.date)
    if (effect)
      lines.push({
        ...effectParts(group.delta, effect.monthlyOre, period),
        basePeriod: effect.basePeriod,
      })
  }
  return lines
}

export async function ordersPage(reader: OrderReader, filter: OrderFilter) {
  const orders = await extensionOrdersFor(reader, filter)
  return {
    orders,
    rows: await withEffects(orders.all() as OrderRow[], reader),
    counts: await orderCountsByStatus(reader),
    summary:
      reader.isContact && reader.organisationId ? await pendingSummary(reader.organisationId) : [],
  }
}

/** One step in an order's history: `extensionOrders.history.<key>`, when and by whom. */
export interface HistoryEntry {
  key: 'created' | 'approved' | 'rejected' | 'sentByMail' | 'sentByHand' | 'done' | 'cancelled'
  at: Date
  by: string | null
  /** the day the supplier performed it (done) */
  date?: string
}

/** What happened to an order, oldest first: ordered, decided, sent (how), done, withdrawn. */
export async function orderHistory(order: Record<string, any>): Promise<HistoryEntry[]> {
  const names = await actorNames([
    order.decided_by,
    order.sent_by,
    order.done_by,
    order.cancelled_by,
  ])
  const by = (id: number | null) => (id ? (names.get(id) ?? null) : null)
  const entries: HistoryEntry[] = [
    { key: 'created', at: order.created_at, by: order.ordered_by_name ?? null },
  ]
  if (order.decided_at)
    entries.push({
      key: order.status === 'avslagen' ? 'rejected' : 'approved',
      at: order.decided_at,
      by: by(order.decided_by),
    })
  if (order.sent_at)
    entries.push({
      key: order.sent_via === 'hand' ? 'sentByHand' : 'sentByMail',
      at: order.sent_at,
      by: by(order.sent_by),
    })
  if (order.done_at)
    entries.push({
      key: 'done',
      at: order.done_at,
      by: by(order.done_by),
      date: order.performed_on,
    })
  if (order.cancelled_at)
    entries.push({ key: 'cancelled', at: order.cancelled_at, by: by(order.cancelled_by) })
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
}

export async function orderPage(id: number, reader: OrderReader) {
  const order = (await extensionOrderForReaderOrFail(id, reader)) as OrderRow &
    Record<string, unknown>
  const [withEffect] = await withEffects([order], reader)
  return {
    order: withEffect,
    history: await orderHistory(order),
    pending: (PENDING_STATUSES as readonly string[]).includes(order.status),
    // a contact of the organisation a move goes to only reads it
    incoming: reader.isContact && order.organisation_id !== reader.organisationId,
  }
}

/** The unused extensions a reader sees, each with the monthly cost removing it saves. */
export async function unusedPage(
  reader: OrderReader,
  today: string,
  organisationId: number | null
) {
  const settings = await getSettings()
  const months = Number(settings.unused_extension_months) || DEFAULT_UNUSED_MONTHS
  const scope = reader.isContact ? reader.organisationId : organisationId
  const { since, rows } = await unusedExtensions({ today, months, organisationId: scope })
  const estimate = await costEstimator()
  const withCost = []
  for (const row of rows) {
    // what the organisation pays for this one extension: the saving of removing it today
    const effect = await estimate(row.organisation_id, -1, today)
    withCost.push({
      ...row,
      monthlyOre: effect ? -effect.monthlyOre : null,
      period: effect?.period,
    })
  }
  return { months, since, rows: withCost, lastCallDay: await lastCallDay() }
}
