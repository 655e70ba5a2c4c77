/**
 * Extension orders (issue 16 points 3 and 4, docs/adr/0026): what a contact may order,
 * the order's states and which step leads where, what an order does to the number of
 * extensions an organisation is charged for, and from which month that counts.
 */
import { defaultKeys } from '#domain/month_end'
import { formatInteger } from '#domain/formatting'
import { todayInStockholm } from '#domain/periods'

export const EXTENSION_ORDER_KINDS = ['new', 'move', 'change', 'remove'] as const
export type ExtensionOrderKind = (typeof EXTENSION_ORDER_KINDS)[number]

/** ny → godkänd/avslagen → skickad → utförd, or makulerad before it is done. */
export const EXTENSION_ORDER_STATUSES = [
  'ny',
  'godkand',
  'avslagen',
  'skickad',
  'utford',
  'makulerad',
] as const
export type ExtensionOrderStatus = (typeof EXTENSION_ORDER_STATUSES)[number]

/** The states in which an order still waits for something (its effect is still to come). */
export const PENDING_STATUSES: readonly ExtensionOrderStatus[] = ['ny', 'godkand', 'skickad']

export type ExtensionOrderStep = 'approve' | 'reject' | 'send' | 'complete' | 'cancel'

const STEPS: Record<
  ExtensionOrderStep,
  { from: ExtensionOrderStatus[]; to: ExtensionOrderStatus }
> = {
  approve: { from: ['ny'], to: 'godkand' },
  reject: { from: ['ny'], to: 'avslagen' },
  send: { from: ['godkand'], to: 'skickad' },
  complete: { from: ['skickad'], to: 'utford' },
  cancel: { from: ['ny', 'godkand', 'skickad'], to: 'makulerad' },
}

/** The state a step leads to from `status`, or null when the step is not possible there. */
export function nextStatus(status: ExtensionOrderStatus, step: ExtensionOrderStep) {
  return STEPS[step].from.includes(status) ? STEPS[step].to : null
}

/**
 * Why an order may not be marked done on `performedOn` (ISO date), or null: not in the
 * future, not before the day it was placed, and not before the day it was sent to the
 * supplier (Stockholm days) — the supplier cannot have performed it before it had it. The
 * register's own limits (a later snapshot or entry) are the action's, which reads them.
 */
export function performedOnRefusal(
  performedOn: string,
  order: { placedAt: Date; sentAt?: Date | null; today: string }
):
  | { error: 'performedInFuture' }
  | { error: 'beforeOrdered' | 'beforeSent'; params: { date: string } }
  | null {
  if (performedOn > order.today) return { error: 'performedInFuture' }
  const placedOn = todayInStockholm(order.placedAt)
  if (performedOn < placedOn) return { error: 'beforeOrdered', params: { date: placedOn } }
  const sentOn = order.sentAt ? todayInStockholm(order.sentAt) : null
  if (sentOn && performedOn < sentOn) return { error: 'beforeSent', params: { date: sentOn } }
  return null
}

/** A contact may withdraw their organisation's order only while nobody has acted on it. */
export function contactMayCancel(status: ExtensionOrderStatus) {
  return status === 'ny'
}

/** Limits of the fields (the same in the form, the CSV and the database). */
export const ORDER_LIMITS = {
  name: 200,
  type: 50,
  note: 500,
  comment: 1000,
  /** rows in one CSV upload */
  csvRows: 500,
  /** how far ahead a wished date may lie, in days */
  wishedDaysAhead: 730,
} as const

/**
 * How many more (or fewer) extensions `organisationId` is charged for once the order is
 * performed: a new one +1, a removal −1, a move −1 for the organisation it leaves and +1 for
 * the one it joins, a change of name or type 0.
 */
export function extensionDelta(
  order: { kind: ExtensionOrderKind; organisationId: number; targetOrganisationId: number | null },
  organisationId: number
) {
  if (order.kind === 'new') return order.organisationId === organisationId ? 1 : 0
  if (order.kind === 'remove') return order.organisationId === organisationId ? -1 : 0
  if (order.kind === 'move') {
    if (order.targetOrganisationId === order.organisationId) return 0
    if (order.organisationId === organisationId) return -1
    return order.targetOrganisationId === organisationId ? 1 : 0
  }
  return 0
}

/**
 * The first period whose extension count includes a change effective on `date`: periods of
 * year Y count the register at their key date, by default 31 October of Y − 1
 * (DOMAIN.md), so a change on or before 31 October counts from January of the next year, a
 * later one from January of the year after.
 */
export function firstPeriodCounting(date: string) {
  const year = Number(date.slice(0, 4))
  for (const candidate of [year + 1, year + 2]) {
    const period = `${candidate}-01`
    if (defaultKeys(period).keyDate >= date) return period
  }
  return `${year + 2}-01`
}

/** The kinds as the CSV writes them (Typ av beställning), case- and accent-insensitive. */
const CSV_KINDS: Record<string, ExtensionOrderKind> = {
  ny: 'new',
  tillagg: 'new',
  flytt: 'move',
  andring: 'change',
  borttag: 'remove',
  borttagning: 'remove',
}

export function kindFromCsv(raw: string): ExtensionOrderKind | null {
  const key = raw
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
  return CSV_KINDS[key] ?? null
}

/** The Swedish word the CSV to the supplier uses for a kind. */
export const CSV_KIND_WORD: Record<ExtensionOrderKind, string> = {
  new: 'Ny',
  move: 'Flytt',
  change: 'Ändring',
  remove: 'Borttag',
}

/**
 * The parts of "+3 anknytningar ≈ +218 kr/mån från januari 2027": the count and the
 * amount with their sign, the amount rounded half away from zero to whole kronor (it is an
 * estimate; the invoice is exact to the öre).
 */
export function effectParts(delta: number, monthlyOre: number, period: string) {
  const sign = (value: bigint) => (value > 0n ? '+' : '')
  const ore = BigInt(monthlyOre)
  const abs = ore < 0n ? -ore : ore
  const kronor = ((abs + 50n) / 100n) * (ore < 0n ? -1n : 1n)
  return {
    count: `${sign(BigInt(delta))}${formatInteger(delta)}`,
    /** the number without its sign, for the plural */
    n: Math.abs(delta),
    amount: `${sign(kronor)}${formatInteger(kronor)}\u00a0kr`,
    /** `2026-10`: the view names it in the reader's language (`formatMonth`) */
    period,
  }
}
