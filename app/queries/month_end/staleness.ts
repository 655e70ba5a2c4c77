/**
 * Whether a period's calculation still matches its inputs (docs/adr/0015), and which
 * periods an import changes: the inputs as they are now, compared with those stored with
 * the calculation (app/queries/month_end/calculation_inputs.ts reads them).
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { diffInputs, type InputChange } from '#domain/control_loop'

import {
  lateChanges,
  openPoolSpecs,
  ownInputs,
  invoicedPeriodsBefore,
  lateEntry,
  type PoolSpec,
} from '#queries/month_end/calculation_inputs'

type Client = QueryClientContract

/**
 * Every input of a period not yet invoiced: its own, and for each earlier invoiced period
 * whose inputs changed since it was settled, that state — a late input there appears
 * here as a pending adjustment.
 */
export async function currentInputs(client: Client, period: string, pools?: PoolSpec[]) {
  const inputs = await ownInputs(client, period, pools ?? (await openPoolSpecs(client, period)))
  for (const invoiced of await invoicedPeriodsBefore(client, period)) {
    const { now, changes } = await lateChanges(client, invoiced)
    if (changes !== null && changes.length === 0) continue
    inputs[`late:${invoiced.period}`] = lateEntry(invoiced, now, changes)
  }
  return inputs
}

/** A calculation's staleness: whether its inputs changed, and which. */
export interface Staleness {
  stale: boolean
  changes: InputChange[]
}

/** What a page has read already: one page view reads each of them once. */
export interface KnownPeriodState {
  /** the period's staleness (the period page shows it too) */
  stale?: Staleness
  /** the period's row as just read (`periods`), or null when there is none */
  current?: Record<string, any> | null
}

/**
 * Whether the period's current calculation (a draft or an approval) is stale: the inputs
 * it recorded against the inputs now, with what changed. A calculation from before
 * inputs were recorded is not called stale.
 */
export async function staleness(
  client: Client,
  period: string,
  /** the period's row when the caller has just read it on the same client (a page view) */
  known?: Record<string, any> | null
): Promise<Staleness> {
  const current =
    known !== undefined ? known : await client.from('periods').where('period', period).first()
  if (!current || current.status === 'invoiced' || !current.calculation_id)
    return { stale: false, changes: [] }
  const calculation = await client
    .from('allocation_calculations')
    .where('id', current.calculation_id)
    .select('inputs')
    .first()
  if (!calculation?.inputs) return { stale: false, changes: [] }
  const changes = diffInputs(calculation.inputs, await currentInputs(client, period))
  return { stale: changes.length > 0, changes }
}

/** `staleness` of a period as the pages read it (outside any transaction). */
export function periodStaleness(
  period: string,
  known?: Record<string, any> | null
): Promise<Staleness> {
  return staleness(db.connection(), period, known)
}

/**
 * The invoiced periods an import feeds (its input is then late, DOMAIN.md): periods named
 * in the file, a register snapshot dated on or before an invoiced period's key date, or
 * headcount of an invoiced period's key month.
 */
export async function latePeriodsFor(
  client: Client,
  fed: { periods?: string[]; extensionsAsOf?: string; headcountMonths?: string[] }
): Promise<string[]> {
  const found = new Set<string>()
  if (fed.periods && fed.periods.length > 0) {
    const rows = await client
      .from('periods')
      .where('status', 'invoiced')
      .whereIn('period', [...new Set(fed.periods)])
      .select('period')
    for (const row of rows) found.add(row.period)
  }
  if (fed.extensionsAsOf) {
    const rows = await client
      .from('allocations as a')
      .join('periods as p', 'p.period', 'a.period')
      .where('p.status', 'invoiced')
      .where('a.key_date', '>=', fed.extensionsAsOf)
      .distinct('a.period')
    for (const row of rows) found.add(row.period)
  }
  if (fed.headcountMonths && fed.headcountMonths.length > 0) {
    const rows = await client
      .from('allocations as a')
      .join('periods as p', 'p.period', 'a.period')
      .where('p.status', 'invoiced')
      .whereIn('a.key_month', [...new Set(fed.headcountMonths)])
      .distinct('a.period')
    for (const row of rows) found.add(row.period)
  }
  return [...found].sort()
}
