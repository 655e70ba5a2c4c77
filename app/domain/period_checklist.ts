/**
 * The month-end checklist of a period (issue 15 point 2, docs/adr/0024): what has to be in
 * place before the controller approves the allocation, each item met or not with the reason
 * and where it is fixed. Pure: the facts come from app/queries/month_end/period_checklist.ts.
 *
 * An unmet item "blocks" when approving now would approve figures that are known to be
 * incomplete or unchecked: a stale draft, unread warnings, an unexplained difference on the
 * supplier invoice, an undecided service credit. A missing supplier invoice does not block by
 * itself: the approval form asks for the empty pool to be confirmed with a comment (ADR 0015).
 * Missing calls do not change the allocation, but without them the reconciliation and the
 * service credit cannot be checked, so the item is shown as unmet without blocking.
 */

export type ChecklistKey =
  'supplierInvoice' | 'calls' | 'difference' | 'credit' | 'draft' | 'warnings'

export type ChecklistState = 'met' | 'unmet' | 'notNeeded'

export interface ChecklistItem {
  key: ChecklistKey
  state: ChecklistState
  /** an unmet item that stops the approval */
  blocks: boolean
  /** `periodChecklist.reasons.<reason>`: why it is met, unmet or not needed */
  reason: string
  params: Record<string, string | number>
  /** where it is fixed (or checked); null when there is nothing to do there */
  url: string | null
}

export interface ChecklistFacts {
  period: string
  /** draft, approved or invoiced; null: no allocation yet */
  status: 'draft' | 'approved' | 'invoiced' | null
  /** active pools fed by supplier invoices (none: the item is not needed) */
  supplierPools: number
  supplierInvoices: number
  /** call rows or supplier statistics for some day of the month */
  callsIn: boolean
  /** the supplier invoice's figures differ from the calls beyond the tolerance */
  differenceFlagged: boolean
  differenceExplained: boolean
  /** the service credit: null when the month has no service level */
  credit: { status: 'proposed' | 'accepted' | 'waived'; proposedOre: bigint } | null
  hasCalculation: boolean
  /** inputs changed since the calculation (a count of the changes) */
  staleChanges: number
  warnings: number
  /** the warnings of the current calculation were marked read */
  warningsRead: boolean
}

export interface Checklist {
  items: ChecklistItem[]
  /** every blocking item is met (and there is a draft to approve) */
  canApprove: boolean
  /** the unmet items that block, in checklist order */
  blockers: ChecklistItem[]
}

const item = (
  key: ChecklistKey,
  state: ChecklistState,
  reason: string,
  url: string | null,
  params: Record<string, string | number> = {},
  blocksWhenUnmet = true
): ChecklistItem => ({
  key,
  state,
  blocks: state === 'unmet' && blocksWhenUnmet,
  reason,
  params,
  url,
})

export function periodChecklist(facts: ChecklistFacts): Checklist {
  const { period } = facts
  const periodPage = `/kostnadsfordelning/${period}`
  const quality = `/samtal?manad=${period}`
  const items: ChecklistItem[] = []

  if (facts.supplierPools === 0) {
    items.push(item('supplierInvoice', 'notNeeded', 'noSupplierPool', null))
  } else if (facts.supplierInvoices > 0) {
    items.push(
      item('supplierInvoice', 'met', 'supplierInvoiceIn', '/leverantorsfakturor', {
        count: facts.supplierInvoices,
      })
    )
  } else {
    items.push(
      item(
        'supplierInvoice',
        'unmet',
        'supplierInvoiceMissing',
        '/administration/importer',
        {},
        false
      )
    )
  }

  items.push(
    facts.callsIn
      ? item('calls', 'met', 'callsIn', quality)
      : item('calls', 'unmet', 'callsMissing', '/administration/importer', {}, false)
  )

  if (!facts.differenceFlagged) {
    items.push(item('difference', 'notNeeded', 'noDifference', null))
  } else if (facts.differenceExplained) {
    items.push(item('difference', 'met', 'differenceExplained', `${quality}#reconciliation`))
  } else {
    items.push(item('difference', 'unmet', 'differenceUnexplained', `${quality}#reconciliation`))
  }

  if (facts.credit === null) {
    items.push(item('credit', 'notNeeded', 'noServiceLevel', null))
  } else if (facts.credit.status === 'proposed' && facts.credit.proposedOre > 0n) {
    items.push(
      item('credit', 'unmet', 'creditUndecided', `${quality}#credit`, {
        amount: String(facts.credit.proposedOre),
      })
    )
  } else if (facts.credit.status === 'proposed') {
    items.push(item('credit', 'notNeeded', 'noCredit', null))
  } else {
    items.push(item('credit', 'met', `credit_${facts.credit.status}`, `${quality}#credit`))
  }

  if (!facts.hasCalculation) {
    items.push(item('draft', 'unmet', 'noCalculation', periodPage))
  } else if (facts.staleChanges > 0) {
    items.push(
      item('draft', 'unmet', 'draftStale', `${periodPage}#stale`, { count: facts.staleChanges })
    )
  } else {
    items.push(item('draft', 'met', 'draftCurrent', null))
  }

  if (facts.warnings === 0) {
    items.push(item('warnings', 'met', 'noWarnings', null))
  } else if (facts.warningsRead) {
    items.push(
      item('warnings', 'met', 'warningsRead', `${periodPage}#warnings`, { count: facts.warnings })
    )
  } else {
    items.push(
      item('warnings', 'unmet', 'warningsUnread', `${periodPage}#warnings`, {
        count: facts.warnings,
      })
    )
  }

  const blockers = items.filter((entry) => entry.blocks)
  return {
    items,
    blockers,
    canApprove: facts.status === 'draft' && blockers.length === 0,
  }
}
