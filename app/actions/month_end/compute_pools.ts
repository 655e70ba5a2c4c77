/**
 * The computation of a period's allocation, shared by `allocation:run`, the corrections and
 * the control loop: per cost pool the amount of the period (supplier invoices, cost entries
 * or the fixed monthly amount), the participants (kinds of the pool, active on the first
 * day of the period, and for switchboard pools connected to it that day), their basis at
 * the key date / key month (a joiner after the key date: its first count in the register)
 * and the largest-remainder shares; then the adjustments of every earlier invoiced period
 * whose inputs changed since it was settled (DOMAIN.md "Late and changed inputs").
 * Nothing here stores anything.
 */
import { coded, month, type CodedMessage } from '#domain/coded_message'
import { validOnSql } from '#queries/validity'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { allocate, ZeroBasisError } from '#domain/allocate'
import { firstDayOf } from '#domain/month_end'
import { adjustPool, type InputChange } from '#domain/control_loop'
import { inDefaultLanguage, message } from '#services/messages'
import { acceptedCreditOre } from '#actions/quality/supplier_follow_up'
import { fixedPoolAmount } from '#queries/budget/true_ups'
import {
  invoicedPeriodsBefore,
  invoicedPoolSpecs,
  lateChanges,
  lateEntry,
  type PoolSpec,
} from '#queries/month_end/calculation_inputs'

export interface AllocationShareResult {
  organisation: string
  count: number
  amountOre: number
}

export interface AllocationPoolResult {
  code: string
  name: string
  amountOre: number
  basis: 'extensions' | 'headcount'
  keyDate: string
  total: number
  shares: AllocationShareResult[]
}

export interface AdjustmentResult {
  /** the invoiced period adjusted */
  period: string
  pool: string
  amountOre: number
  reason: string
  shares: { organisation: string; amountOre: number }[]
}

type Client = TransactionClientContract | QueryClientContract

async function poolAmount(trx: Client, pool: PoolSpec, period: string) {
  if (pool.amount_source === 'fixed') return fixedPoolAmount(trx, pool, period)
  if (pool.amount_source === 'supplier_invoices') {
    const rows = await trx
      .from('supplier_invoices')
      .where('period', period)
      .orderBy('id')
      .select('id', 'invoice_number', 'net_ore')
    // an accepted service credit reduces the supplier's fee, and so every share
    const credit = pool.code === 'TELEFONIST' ? await acceptedCreditOre(period, trx) : 0n
    return {
      amountOre: rows.reduce((sum, row) => sum + BigInt(row.net_ore), 0n) - credit,
      sources: [
        ...rows.map((row) => ({
          type: 'supplier_invoice',
          id: row.id,
          number: row.invoice_number,
          amountOre: row.net_ore,
        })),
        ...(credit > 0n ? [{ type: 'service_credit', period, amountOre: String(-credit) }] : []),
      ],
    }
  }
  // entries replaced by a later file stay (evidence links keep working) but do not count
  const rows = await trx
    .from('cost_entries')
    .where('period', period)
    .where('cost_pool_id', pool.id)
    .whereNull('replaced_at')
    .orderBy('id')
    .select('id', 'text', 'amount_ore')
  return {
    amountOre: rows.reduce((sum, row) => sum + BigInt(row.amount_ore), 0n),
    sources: rows.map((row) => ({
      type: 'cost_entry',
      id: row.id,
      text: row.text,
      amountOre: row.amount_ore,
    })),
  }
}

async function participants(trx: Client, pool: PoolSpec, period: string) {
  const first = firstDayOf(period)
  const query = trx
    .from('organisations')
    .whereIn('kind', pool.participant_kinds)
    .where('active_from', '<=', first)
    .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', first))
    .select(
      'id',
      'code',
      'name',
      trx.raw(`to_char(coalesce(connected_from, active_from), 'YYYY-MM-DD') AS connected_from`)
    )
    .orderBy('code')
  if (pool.switchboard) {
    query
      .whereRaw('coalesce(connected_from, active_from) <= ?::date', [first])
      .where((q) => q.whereNull('connected_to').orWhere('connected_to', '>=', first))
  }
  return query as Promise<{ id: number; code: string; name: string; connected_from: string }[]>
}

export interface JoinerCount {
  organisationId: number
  date: string
  count: bigint
}

/**
 * The joiner rule (DOMAIN.md "Guards"): a participant with no extensions at the key date
 * that was connected after it is counted, until the next key date, at the first date on
 * or after its connected-from date on which it has extensions in the register.
 */
async function joinerCounts(
  trx: Client,
  members: { id: number; connected_from: string }[],
  keyDate: string
): Promise<JoinerCount[]> {
  const joiners = members.filter((member) => member.connected_from > keyDate)
  if (joiners.length === 0) return []
  const result = await trx.rawQuery(
    `WITH joiner AS (
       SELECT * FROM unnest(?::int[], ?::date[]) AS j(organisation_id, connected_from)
     ), first_day AS (
       SELECT j.organisation_id, min(greatest(e.valid_from, j.connected_from)) AS day
         FROM joiner j JOIN extensions e ON e.organisation_id = j.organisation_id
        WHERE e.valid_to IS NULL OR e.valid_to >= j.connected_from
        GROUP BY j.organisation_id
     )
     SELECT f.organisation_id, to_char(f.day, 'YYYY-MM-DD') AS day,
            (SELECT count(*) FROM extensions e WHERE e.organisation_id = f.organisation_id
                AND ${validOnSql('e', 'f.day')})::bigint AS count
       FROM first_day f`,
    [joiners.map((j) => j.id), joiners.map((j) => j.connected_from)]
  )
  return result.rows.map((row: { organisation_id: number; day: string; count: string }) => ({
    organisationId: row.organisation_id,
    date: row.day,
    count: BigInt(row.count),
  }))
}

async function weights(
  trx: Client,
  pool: PoolSpec,
  members: { id: number; connected_from: string }[]
) {
  const organisationIds = members.map((member) => member.id)
  if (pool.basis === 'extensions') {
    const rows = await trx
      .from('extensions')
      .whereIn('organisation_id', organisationIds)
      .whereRaw(validOnSql('extensions', '?::date'), [pool.keyDate, pool.keyDate])
      .groupBy('organisation_id')
      .select('organisation_id', trx.raw('count(*)::bigint as weight'))
    const byId = new Map(rows.map((row) => [row.organisation_id as number, BigInt(row.weight)]))
    const zero = members.filter((member) => !byId.has(member.id))
    const joiners = await joinerCounts(trx, zero, pool.keyDate)
    for (const joiner of joiners) byId.set(joiner.organisationId, joiner.count)
    return { byId, joiners }
  }
  const rows = await trx
    .from('headcounts')
    .whereIn('organisation_id', organisationIds)
    .where('month', pool.keyMonth)
    .select('organisation_id', 'employees')
  return {
    byId: new Map(rows.map((row) => [row.organisation_id as number, BigInt(row.employees)])),
    joiners: [] as JoinerCount[],
  }
}

type ComputedPool = AllocationPoolResult & {
  poolId: number
  sources: unknown[]
  ids: Map<string, number>
}

/**
 * Every pool of a period computed from the inputs as they are now; nothing is stored.
 * `options.amounts` replaces the period's amounts per pool code (the fee preview allocates
 * a year's budget with the same participants, key dates and rule — docs/adr/0029).
 */
export async function computePools(
  trx: Client,
  period: string,
  pools: PoolSpec[],
  options: { amounts?: Map<string, bigint> } = {}
) {
  const warnings: CodedMessage[] = []
  const errors: CodedMessage[] = []
  const results: ComputedPool[] = []
  for (const pool of pools) {
    const given = options.amounts?.get(pool.code)
    const { amountOre, sources } =
      given === undefined
        ? await poolAmount(trx, pool, period)
        : { amountOre: given, sources: [{ type: 'budget', amountOre: String(given) }] }
    const members = await participants(trx, pool, period)
    const { byId: weightById, joiners } = await weights(trx, pool, members)
    const keyLabel = pool.basis === 'extensions' ? pool.keyDate : pool.keyMonth
    if (amountOre === 0n)
      warnings.push(coded('allocationMessages.emptyAmount', { pool: pool.code, period }))
    if (pool.basis === 'headcount') {
      const missing = members.filter((m) => !weightById.has(m.id)).map((m) => m.code)
      if (missing.length > 0) {
        warnings.push(
          coded('allocationMessages.headcountMissing', {
            pool: pool.code,
            month: pool.keyMonth,
            organisations: missing.join(', '),
          })
        )
      }
    }
    for (const joiner of joiners) {
      const member = members.find((m) => m.id === joiner.organisationId)!
      warnings.push(
        coded('controlLoop.joiner', {
          pool: pool.code,
          organisation: member.code,
          keyDate: pool.keyDate,
          connectedFrom: member.connected_from,
          date: joiner.date,
          count: Number(joiner.count),
        })
      )
    }
    try {
      const shares = allocate(
        amountOre,
        members.map((member) => ({ code: member.code, weight: weightById.get(member.id) ?? 0n }))
      )
      const total = shares.reduce((sum, share) => sum + share.weight, 0n)
      results.push({
        poolId: pool.id,
        code: pool.code,
        name: pool.name,
        amountOre: Number(amountOre),
        basis: pool.basis,
        keyDate: keyLabel,
        total: Number(total),
        sources,
        ids: new Map(members.map((m) => [m.code, m.id])),
        shares: shares.map((share) => ({
          organisation: share.code,
          count: Number(share.weight),
          amountOre: Number(share.amountOre),
        })),
      })
    } catch (error) {
      if (!(error instanceof ZeroBasisError)) throw error
      errors.push(
        coded(
          pool.basis === 'extensions'
            ? 'allocationMessages.zeroBasisExtensions'
            : 'allocationMessages.zeroBasisHeadcount',
          { pool: pool.code, name: pool.name, key: keyLabel }
        )
      )
    }
  }
  return { results, warnings, errors }
}

/** What an invoiced period is settled at per organisation: as invoiced, plus settled adjustments. */
async function settledShares(trx: Client, period: string, poolId: number) {
  const result = await trx.rawQuery(
    `SELECT o.code, sum(x.amount_ore)::bigint AS amount_ore FROM (
        SELECT s.organisation_id, s.amount_ore
          FROM allocation_shares s JOIN allocations a ON a.id = s.allocation_id
         WHERE a.period = ? AND a.cost_pool_id = ?
        UNION ALL
        SELECT x.organisation_id, x.amount_ore
          FROM allocation_adjustment_shares x
          JOIN allocation_adjustments j ON j.id = x.adjustment_id
          JOIN periods q ON q.period = j.period AND q.status = 'invoiced'
                        AND q.approved_calculation_id = j.calculation_id
         WHERE j.adjusted_period = ? AND j.cost_pool_id = ?
      ) x JOIN organisations o ON o.id = x.organisation_id
      GROUP BY o.code`,
    [period, poolId, period, poolId]
  )
  return new Map<string, bigint>(
    result.rows.map((row: { code: string; amount_ore: string }) => [
      row.code,
      BigInt(row.amount_ore),
    ])
  )
}

/** A changed input as a code (the stale refusal words it for its reader). */
export function describeChange(change: InputChange): CodedMessage {
  return coded(`controlLoop.inputs.${change.kind}`, {
    ref: change.kind === 'late' ? month(change.ref) : change.ref,
    detail: change.detail ?? '',
  })
}

interface ComputedAdjustment extends AdjustmentResult {
  poolId: number
  settledTotalOre: bigint
  recomputedTotalOre: bigint
  rows: {
    organisationId: number
    weight: bigint
    settledOre: bigint
    recomputedOre: bigint
    amountOre: bigint
  }[]
}

/**
 * The adjustments a run of `period` adds: every earlier invoiced period whose inputs
 * changed since it was settled, recomputed with today's inputs but its own key dates,
 * pools and participants, against what it is settled at.
 */
export async function computeAdjustments(trx: Client, period: string) {
  const adjustments: ComputedAdjustment[] = []
  const recomputations: {
    period: string
    inputs: unknown
    changes: InputChange[]
  }[] = []
  const late: Record<string, ReturnType<typeof lateEntry>> = {}
  const warnings: CodedMessage[] = []
  for (const invoiced of await invoicedPeriodsBefore(trx, period)) {
    const { now, changes } = await lateChanges(trx, invoiced)
    if (changes !== null && changes.length === 0) continue
    late[`late:${invoiced.period}`] = lateEntry(invoiced, now, changes)
    recomputations.push({ period: invoiced.period, inputs: now, changes: changes ?? [] })
    const reason =
      changes === null
        ? message('controlLoop.inputs.unknown')
        : // stored with the adjustment and printed on the invoice: data, in Swedish
          changes.map((change) => inDefaultLanguage(describeChange(change))).join('; ')
    const specs = await invoicedPoolSpecs(trx, invoiced.period)
    const organisationRows = await trx.from('organisations').select('id', 'code')
    const organisations = new Map<string, number>(organisationRows.map((o) => [o.code, o.id]))
    for (const spec of specs) {
      const computed = await computePools(trx, invoiced.period, [spec])
      if (computed.errors.length > 0) {
        warnings.push(
          coded('controlLoop.recomputeFailed', {
            period: invoiced.period,
            pool: spec.code,
            error: computed.errors,
          })
        )
        continue
      }
      const pool = computed.results[0]
      const adjusted = adjustPool(
        BigInt(pool.amountOre),
        pool.shares.map((share) => ({ code: share.organisation, weight: BigInt(share.count) })),
        await settledShares(trx, invoiced.period, spec.id)
      )
      if (adjusted.shares.length === 0) continue
      adjustments.push({
        period: invoiced.period,
        pool: spec.code,
        poolId: spec.id,
        amountOre: Number(adjusted.amountOre),
        settledTotalOre: adjusted.settledTotalOre,
        recomputedTotalOre: adjusted.recomputedTotalOre,
        reason,
        shares: adjusted.shares.map((share) => ({
          organisation: share.code,
          amountOre: Number(share.amountOre),
        })),
        rows: adjusted.shares.map((share) => ({
          organisationId: organisations.get(share.code)!,
          weight: share.weight,
          settledOre: share.settledOre,
          recomputedOre: share.recomputedOre,
          amountOre: share.amountOre,
        })),
      })
    }
  }
  return { adjustments, recomputations, late, warnings }
}
