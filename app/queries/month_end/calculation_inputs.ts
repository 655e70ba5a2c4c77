/**
 * The inputs of a period's calculation as they stand now (DOMAIN.md "Late and changed
 * inputs", docs/adr/0015): the period's supplier invoices and cost entries, the service
 * credit, the register at each pool's key date, the headcount of the key month, the
 * organisations' kind and active/connected dates, the pool settings — and, for a period
 * not yet invoiced, the state of every earlier invoiced period (a pending adjustment).
 * A calculation stores them; comparing them with the inputs now says whether it is stale
 * and names what changed.
 */
import { registerDigest } from '#queries/month_end/register_digest'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { defaultKeys } from '#domain/month_end'
import { acceptedTrueUp } from '#queries/budget/true_ups'
import {
  diffInputs,
  fingerprint,
  type CalculationInput,
  type CalculationInputs,
  type InputChange,
} from '#domain/control_loop'

type Client = QueryClientContract

/** One pool as a calculation of a period sees it. */
export interface PoolSpec {
  id: number
  code: string
  name: string
  basis: 'extensions' | 'headcount'
  participant_kinds: string[]
  amount_source: 'supplier_invoices' | 'cost_entries' | 'fixed'
  fixed_monthly_ore: string | null
  switchboard: boolean
  keyDate: string
  keyMonth: string
}

const iso = (value: unknown) =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value.toISOString()
      : String(value)

/** The fixed amount an allocation's sources name, when they name one. */
function fixedPart(sources: unknown): string | null {
  if (!Array.isArray(sources)) return null
  const fixed = sources.find((source) => source?.type === 'fixed')
  return fixed && fixed.amountOre !== null && fixed.amountOre !== undefined
    ? String(fixed.amountOre)
    : null
}

/** The pools of a period not yet invoiced: today's active pools with the year's key dates. */
export async function openPoolSpecs(client: Client, period: string): Promise<PoolSpec[]> {
  const pools = await client.from('cost_pools').where('is_active', true).orderBy('id')
  const overrides = await client
    .from('pool_key_dates')
    .where('year', Number(period.slice(0, 4)))
    .select('cost_pool_id', client.raw(`to_char(key_date, 'YYYY-MM-DD') as key_date`), 'key_month')
  const defaults = defaultKeys(period)
  return pools.map((pool) => {
    const override = overrides.find((row) => row.cost_pool_id === pool.id)
    return {
      id: pool.id,
      code: pool.code,
      name: pool.name,
      basis: pool.basis,
      participant_kinds: pool.participant_kinds,
      amount_source: pool.amount_source,
      fixed_monthly_ore: pool.fixed_monthly_ore,
      switchboard: pool.switchboard,
      keyDate: override?.key_date ?? defaults.keyDate,
      keyMonth: override?.key_month ?? defaults.keyMonth,
    }
  })
}

/**
 * The pools of an invoiced period as it was invoiced: its pools, bases, key dates and
 * (for a fixed amount) its amount — a recomputation uses P's settings, not today's.
 */
export async function invoicedPoolSpecs(client: Client, period: string): Promise<PoolSpec[]> {
  const rows = await client
    .from('allocations as a')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .where('a.period', period)
    .orderBy('c.id')
    .select(
      'c.id',
      'c.code',
      'c.name',
      'a.basis',
      'c.participant_kinds',
      'c.amount_source',
      'a.amount_ore',
      'a.sources',
      'c.switchboard',
      client.raw(`to_char(a.key_date, 'YYYY-MM-DD') as key_date`),
      'a.key_month'
    )
  const defaults = defaultKeys(period)
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    basis: row.basis,
    participant_kinds: row.participant_kinds,
    amount_source: row.amount_source,
    // the fixed part as invoiced, without a December's true-up (added again from its input)
    fixed_monthly_ore: fixedPart(row.sources) ?? row.amount_ore,
    switchboard: row.switchboard,
    keyDate: row.key_date ?? defaults.keyDate,
    keyMonth: row.key_month ?? defaults.keyMonth,
  }))
}

/** The inputs of one period for the given pools (without the earlier periods' state). */
export async function ownInputs(
  client: Client,
  period: string,
  pools: PoolSpec[],
  options: { invoiced: boolean } = { invoiced: false }
): Promise<CalculationInputs> {
  const inputs: CalculationInputs = {}
  const put = (key: string, input: CalculationInput) => {
    inputs[key] = input
  }

  if (pools.some((pool) => pool.amount_source === 'supplier_invoices')) {
    const invoices = await client
      .from('supplier_invoices as s')
      .leftJoin('imports as i', 'i.id', 's.import_id')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .where('s.period', period)
      .select('s.invoice_number', 's.net_ore', 'i.file_name', 'u.full_name', 's.created_at')
    for (const row of invoices) {
      put(`supplier_invoice:${row.invoice_number}`, {
        kind: 'supplier_invoice',
        ref: row.invoice_number,
        version: String(row.net_ore),
        by: row.full_name ?? null,
        at: iso(row.created_at),
        detail: row.file_name ?? null,
      })
    }
    const credit = await client
      .from('service_credits as c')
      .leftJoin('users as u', 'u.id', 'c.decided_by')
      .where('c.period', period)
      .select('c.status', 'c.proposed_ore', 'u.full_name', 'c.decided_at')
      .first()
    if (credit && credit.status !== 'proposed') {
      put('service_credit', {
        kind: 'service_credit',
        ref: period,
        version: `${credit.status}:${credit.proposed_ore}`,
        by: credit.full_name ?? null,
        at: iso(credit.decided_at),
      })
    }
  }

  for (const pool of pools) {
    // a fixed amount of an invoiced period is the amount it was invoiced with
    put(`pool:${pool.code}`, {
      kind: 'pool',
      ref: pool.code,
      version: [
        pool.basis,
        pool.participant_kinds.join(','),
        pool.amount_source,
        pool.amount_source === 'fixed' && !options.invoiced ? pool.fixed_monthly_ore : '',
        pool.switchboard,
        pool.basis === 'extensions' ? pool.keyDate : pool.keyMonth,
      ].join('|'),
      by: null,
      at: null,
    })
    if (pool.amount_source === 'fixed') {
      const trueUp = await acceptedTrueUp(client, pool.id, period)
      if (trueUp) {
        put(`true_up:${pool.code}`, {
          kind: 'true_up',
          ref: `${pool.code} ${period.slice(0, 4)}`,
          version: String(trueUp.amountOre),
          by: trueUp.by,
          at: trueUp.at,
        })
      }
    }
    if (pool.amount_source === 'cost_entries') {
      const entries = await client
        .from('cost_entries as e')
        .where('e.period', period)
        .where('e.cost_pool_id', pool.id)
        .whereNull('e.replaced_at')
        .select(
          client.raw(
            `coalesce(string_agg(e.id::text || ':' || e.amount_ore, ',' ORDER BY e.id), '') AS ids`
          ),
          client.raw('max(e.import_id) AS import_id')
        )
        .first()
      const source = entries.import_id
        ? await client
            .from('imports as i')
            .leftJoin('users as u', 'u.id', 'i.user_id')
            .where('i.id', entries.import_id)
            .select('i.file_name', 'u.full_name', 'i.created_at')
            .first()
        : null
      put(`cost_entries:${pool.code}`, {
        kind: 'cost_entries',
        ref: pool.code,
        version: entries.ids,
        by: source?.full_name ?? null,
        at: iso(source?.created_at),
        detail: source?.file_name ?? null,
      })
    }
  }

  for (const keyDate of new Set(
    pools.filter((p) => p.basis === 'extensions').map((p) => p.keyDate)
  )) {
    const register = await registerDigest(client, keyDate)
    const snapshot = await client
      .from('extension_snapshots as s')
      .leftJoin('imports as i', 'i.id', 's.import_id')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .where('s.as_of', '<=', keyDate)
      .orderBy('s.id', 'desc')
      .select(
        's.id',
        'i.file_name',
        'u.full_name',
        's.created_at',
        client.raw(`to_char(s.as_of, 'YYYY-MM-DD') AS as_of`)
      )
      .first()
    put(`extensions:${keyDate}`, {
      kind: 'extensions',
      ref: keyDate,
      version: `${snapshot?.id ?? 0}:${register.count}:${register.ids}:${register.owners}`,
      by: snapshot?.full_name ?? null,
      at: iso(snapshot?.created_at),
      detail: snapshot ? `${snapshot.file_name ?? ''} (${snapshot.as_of})` : null,
    })
  }

  for (const month of new Set(
    pools.filter((p) => p.basis === 'headcount').map((p) => p.keyMonth)
  )) {
    const figures = await client
      .from('headcounts')
      .where('month', month)
      .select(
        client.raw(
          `coalesce(string_agg(organisation_id || ':' || employees, ',' ORDER BY organisation_id), '') AS figures`
        ),
        client.raw('max(updated_at) AS at')
      )
      .first()
    const source = await client
      .from('imports as i')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .where('i.type', 'headcount')
      .whereIn('i.status', ['imported', 'partial'])
      .orderBy('i.id', 'desc')
      .select('i.file_name', 'u.full_name')
      .first()
    put(`headcount:${month}`, {
      kind: 'headcount',
      ref: month,
      version: figures.figures,
      by: source?.full_name ?? null,
      at: iso(figures.at),
      detail: source?.file_name ?? null,
    })
  }

  const kinds = [...new Set(pools.flatMap((pool) => pool.participant_kinds))]
  // only organisations active on the first day can take part: one added or edited outside
  // the period changes nothing (an edit that brings it in or out adds or removes its key)
  const first = `${period}-01`
  const organisations = await client
    .from('organisations')
    .whereIn('kind', kinds)
    .where('active_from', '<=', first)
    .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', first))
    .select(
      'code',
      'kind',
      'updated_at',
      client.raw(
        `concat_ws('|', kind, active_from, active_to, connected_from, connected_to) AS version`
      ),
      // who edited it last: the audit log's latest entry for it
      client.raw(`(SELECT u.full_name FROM audit_log a JOIN users u ON u.id = a.user_id
                    WHERE a.entity_type = 'organisation' AND a.entity_id = organisations.id::text
                    ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS edited_by`)
    )
  for (const row of organisations) {
    put(`organisation:${row.code}`, {
      kind: 'organisation',
      ref: row.code,
      version: row.version,
      by: row.edited_by ?? null,
      at: iso(row.updated_at),
    })
  }
  return inputs
}

/** The invoiced periods before `period`, oldest first. */
export async function invoicedPeriodsBefore(client: Client, period: string) {
  const rows = await client
    .from('periods')
    .where('status', 'invoiced')
    .where('period', '<', period)
    .orderBy('period')
    .select('period', 'settled_inputs')
  return rows as { period: string; settled_inputs: CalculationInputs | null }[]
}

/** What changed in an invoiced period since it was settled (null: never recorded). */
export async function lateChanges(
  client: Client,
  invoiced: { period: string; settled_inputs: CalculationInputs | null }
) {
  const now = await ownInputs(
    client,
    invoiced.period,
    await invoicedPoolSpecs(client, invoiced.period),
    {
      invoiced: true,
    }
  )
  return {
    now,
    changes: invoiced.settled_inputs ? diffInputs(invoiced.settled_inputs, now) : null,
  }
}

/** The pending-adjustment input an invoiced period with late inputs adds to a later one. */
export function lateEntry(
  invoiced: { period: string; settled_inputs: CalculationInputs | null },
  now: CalculationInputs,
  changes: InputChange[] | null
): CalculationInput {
  const latest = (changes ?? [])
    .filter((change) => change.at)
    .sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? 1 : -1))[0]
  return {
    kind: 'late',
    ref: invoiced.period,
    version: `${fingerprint(now)}:${invoiced.settled_inputs ? fingerprint(invoiced.settled_inputs) : '-'}`,
    by: latest?.by ?? null,
    at: latest?.at ?? null,
    detail: (changes ?? []).map((change) => `${change.kind}:${change.ref}`).join(', ') || null,
  }
}
