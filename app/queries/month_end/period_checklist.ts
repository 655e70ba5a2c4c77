/**
 * The facts of a period's month-end checklist (docs/adr/0024), read from the state each
 * time; the rule that judges them is app/domain/period_checklist.ts.
 */
import db from '@adonisjs/lucid/services/db'
import { periodChecklist, type ChecklistFacts } from '#domain/period_checklist'
import { staleness, type KnownPeriodState } from '#queries/month_end/staleness'
import { callFiguresArrived } from '#queries/imports/month_inputs'
import { monthFollowUp } from '#queries/quality/service_credit'

/**
 * `known`: the period's staleness and row when the caller has them already (the period
 * page shows them too), so one page view checks the inputs and reads the period once.
 */
export async function checklistFacts(
  period: string,
  known: KnownPeriodState = {}
): Promise<ChecklistFacts> {
  const current =
    known.current !== undefined
      ? known.current
      : await db.from('periods').where('period', period).first()
  const callsIn = await callFiguresArrived(period)
  // the supplier invoice, the pools it feeds and the reconciliation: one read (followUpFacts)
  const { check, credit, facts } = await monthFollowUp(period)
  const stale = current
    ? (known.stale ?? (await staleness(db.connection(), period, current)))
    : { changes: [] }
  const warnings = Array.isArray(current?.warnings) ? current.warnings.length : 0
  return {
    period,
    status: current ? current.status : null,
    supplierPools: facts.supplierPools,
    supplierInvoices: facts.supplierInvoices,
    callsIn,
    differenceFlagged: check.flagged,
    differenceExplained: Boolean(check.explanation),
    credit: credit ? { status: credit.status, proposedOre: BigInt(credit.proposed_ore) } : null,
    hasCalculation: Boolean(current?.calculation_id),
    staleChanges: stale.changes.length,
    warnings,
    warningsRead:
      warnings > 0 &&
      current?.warnings_read_calculation_id !== null &&
      current?.warnings_read_calculation_id !== undefined &&
      String(current.warnings_read_calculation_id) === String(current.calculation_id),
  }
}

/** The checklist of a period as the pages show it. */
export async function periodChecklistOf(period: string, known: KnownPeriodState = {}) {
  return periodChecklist(await checklistFacts(period, known))
}

/** Who marked the warnings read and when (for the page), or null. */
export async function warningsReadBy(period: string) {
  const row = await db
    .from('periods as p')
    .leftJoin('users as u', 'u.id', 'p.warnings_read_by')
    .where('p.period', period)
    .whereRaw('p.warnings_read_calculation_id = p.calculation_id')
    .select('u.full_name', 'p.warnings_read_at')
    .first()
  return row ? { by: row.full_name as string | null, at: row.warnings_read_at as Date } : null
}
