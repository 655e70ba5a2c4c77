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
 * The version of every input a staleness answer depends on, as a reader sees it now: the
 * inputs' version (migration 0270: bumped by the commit of any transaction that wrote an
 * input) and the register's (migration 0230), each prefixed with its table's oid (a
 * re-created database never matches what was kept for the old one). Null when an answer
 * must not be kept or taken from what was kept: the reader's own transaction has written
 * (its uncommitted inputs are not under any version yet), or a version row is missing (a
 * test truncated every table).
 */
const INPUTS_VERSION_SQL = `SELECT pg_current_xact_id_if_assigned() IS NULL AS clean,
    (SELECT 'calculation_input_state'::regclass::oid || ':' || version
       FROM calculation_input_state) AS inputs,
    (SELECT 'extension_register_state'::regclass::oid || ':' || version
       FROM extension_register_state) AS register`

async function inputsVersion(client: Client): Promise<string | null> {
  if (client.isTransaction) return null
  const { rows } = await client.rawQuery(INPUTS_VERSION_SQL)
  const row = rows[0]
  if (!row?.clean || row.inputs === null || row.register === null) return null
  return `${row.inputs}|${row.register}`
}

/**
 * Staleness answers kept per connection, period and calculation under the inputs' version
 * (docs/adr/0015, second amendment). The version in PostgreSQL is the source of truth: an
 * answer is taken from here only when the version read now is the one it was computed
 * under, so several instances on one database each keep their own and none is ever behind.
 */
const MAX_KEPT = 500
const kept = new Map<string, { version: string; answer: Staleness }>()

const copyOf = (answer: Staleness): Staleness => ({
  stale: answer.stale,
  changes: answer.changes.map((change) => ({ ...change })),
})

/**
 * Whether the period's current calculation (a draft or an approval) is stale: the inputs
 * it recorded against the inputs now, with what changed. A calculation from before
 * inputs were recorded is not called stale.
 *
 * Outside a transaction the answer is kept under the inputs' version: a view whose inputs
 * did not change since answers from one read. Inside one (approving, issuing) it is always
 * computed, so a refusal sees the transaction's own state.
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
  const key = `${client.connectionName}|${period}|${current.calculation_id}`
  const before = await inputsVersion(client)
  const found = before === null ? undefined : kept.get(key)
  if (found && found.version === before) return copyOf(found.answer)

  const answer = await computedStaleness(client, period, current.calculation_id)
  // kept only when no input changed while it was computed: every statement in between then
  // saw the inputs of version `before` (a commit that wrote one would have moved it)
  if (before !== null && (await inputsVersion(client)) === before) {
    kept.delete(key)
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!)
    kept.set(key, { version: before, answer: copyOf(answer) })
  }
  return answer
}

/** The staleness computed now from every input, never kept (what `staleness` must equal). */
export async function computedStaleness(
  client: Client,
  period: string,
  calculationId: number | string
): Promise<Staleness> {
  const calculation = await client
    .from('allocation_calculations')
    .where('id', calculationId)
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
