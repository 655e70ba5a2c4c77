/**
 * `allocation:run YYYY-MM`: compute (or recompute) the period's draft allocation.
 *
 * Per cost pool: the amount of the period (supplier invoices, cost entries or the fixed
 * monthly amount), the participants (kinds of the pool, active on the first day of the
 * period, and for switchboard pools connected to it that day), their basis at the key
 * date / key month (a joiner after the key date: its first count in the register), and
 * the largest-remainder shares. Then the adjustments of every earlier invoiced period
 * whose inputs changed since it was settled (DOMAIN.md "Late and changed inputs"), and
 * the inputs the calculation used. Everything is stored in one transaction; an approved
 * or invoiced period is refused, and a failed run stores nothing.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { getSettings } from '#services/settings'
import { hasControlCharacter } from '#domain/plain_text'
import { allocate, ZeroBasisError } from '#domain/allocate'
import { allocationGaps, firstDayOf, defaultKeys, type AllocationGap } from '#domain/month_end'
import { adjustPool, type InputChange } from '#domain/control_loop'
import { formatDateTime, formatMonth, formatOre } from '#domain/formatting'
import { recordAudit } from '#services/audit'
import { message } from '#services/messages'
import { companyDetailWarnings, renderWarning } from '#queries/month_end/company_details'
import { acceptedCreditOre, reconciliation } from '#actions/quality/supplier_follow_up'
import {
  invoicedPeriodsBefore,
  invoicedPoolSpecs,
  lateChanges,
  lateEntry,
  openPoolSpecs,
  ownInputs,
  staleness,
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

export type RunAllocationResult =
  | {
      ok: true
      period: string
      status: 'draft'
      calculationId: number
      pools: AllocationPoolResult[]
      adjustments: AdjustmentResult[]
      warnings: string[]
    }
  | { ok: false; period: string; status: string | null; errors: string[] }

type Client = TransactionClientContract | QueryClientContract

async function poolAmount(trx: Client, pool: PoolSpec, period: string) {
  if (pool.amount_source === 'fixed') {
    return {
      amountOre: BigInt(pool.fixed_monthly_ore ?? 0),
      sources: [{ type: 'fixed', amountOre: pool.fixed_monthly_ore }],
    }
  }
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
                AND e.valid_from <= f.day AND (e.valid_to IS NULL OR e.valid_to >= f.day))::bigint AS count
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
      .where('valid_from', '<=', pool.keyDate)
      .where((q) => q.whereNull('valid_to').orWhere('valid_to', '>=', pool.keyDate))
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

/** Every pool of a period computed from the inputs as they are now; nothing is stored. */
export async function computePools(trx: Client, period: string, pools: PoolSpec[]) {
  const warnings: string[] = []
  const errors: string[] = []
  const results: ComputedPool[] = []
  for (const pool of pools) {
    const { amountOre, sources } = await poolAmount(trx, pool, period)
    const members = await participants(trx, pool, period)
    const { byId: weightById, joiners } = await weights(trx, pool, members)
    const keyLabel = pool.basis === 'extensions' ? pool.keyDate : pool.keyMonth
    if (amountOre === 0n)
      warnings.push(`${pool.code}: inget belopp för ${period} (kostnadsposten är tom).`)
    if (pool.basis === 'headcount') {
      const missing = members.filter((m) => !weightById.has(m.id)).map((m) => m.code)
      if (missing.length > 0) {
        warnings.push(
          `${pool.code}: antal anställda saknas för ${pool.keyMonth} hos ${missing.join(', ')} (räknas som 0).`
        )
      }
    }
    for (const joiner of joiners) {
      const member = members.find((m) => m.id === joiner.organisationId)!
      warnings.push(
        message('controlLoop.joiner', {
          pool: pool.code,
          organisation: member.code,
          keyDate: pool.keyDate,
          connectedFrom: member.connected_from,
          date: joiner.date,
          count: String(joiner.count),
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
        `${pool.code} (${pool.name}): fördelningsnyckeln per ${keyLabel} är noll – inga ${pool.basis === 'extensions' ? 'anknytningar' : 'anställda'} hos de deltagande organisationerna. Inget fördelades.`
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

/** A changed input in a sentence (the reason of an adjustment, the stale notice). */
export function describeChange(change: InputChange) {
  return message(`controlLoop.inputs.${change.kind}`, {
    ref: change.kind === 'late' ? formatMonth(change.ref) : change.ref,
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
async function computeAdjustments(trx: Client, period: string) {
  const adjustments: ComputedAdjustment[] = []
  const recomputations: {
    period: string
    inputs: unknown
    changes: InputChange[]
  }[] = []
  const late: Record<string, ReturnType<typeof lateEntry>> = {}
  const warnings: string[] = []
  for (const invoiced of await invoicedPeriodsBefore(trx, period)) {
    const { now, changes } = await lateChanges(trx, invoiced)
    if (changes !== null && changes.length === 0) continue
    late[`late:${invoiced.period}`] = lateEntry(invoiced, now, changes)
    recomputations.push({ period: invoiced.period, inputs: now, changes: changes ?? [] })
    const reason =
      changes === null
        ? message('controlLoop.inputs.unknown')
        : changes.map((change) => describeChange(change)).join('; ')
    const specs = await invoicedPoolSpecs(trx, invoiced.period)
    const organisations = new Map<string, number>(
      (await trx.from('organisations').select('id', 'code')).map((o) => [o.code, o.id])
    )
    for (const spec of specs) {
      const computed = await computePools(trx, invoiced.period, [spec])
      if (computed.errors.length > 0) {
        warnings.push(
          message('controlLoop.recomputeFailed', {
            period: invoiced.period,
            pool: spec.code,
            error: computed.errors.join(' '),
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

export async function runAllocation(
  period: string,
  userId: number | null
): Promise<RunAllocationResult> {
  const trx = await db.transaction()
  try {
    const result = await calculate(trx, period, userId)
    // a refused or failed run stores nothing: not the period, not an empty draft
    if (result.ok) await trx.commit()
    else await trx.rollback()
    return result
  } catch (error) {
    await trx.rollback()
    throw error
  }
}

async function calculate(
  trx: TransactionClientContract,
  period: string,
  userId: number | null
): Promise<RunAllocationResult> {
  const created = await trx.rawQuery(
    `INSERT INTO periods (period) VALUES (?) ON CONFLICT (period) DO NOTHING RETURNING period`,
    [period]
  )
  const current = await trx.from('periods').where('period', period).forUpdate().firstOrFail()
  if (current.status !== 'draft') {
    return {
      ok: false as const,
      period,
      status: current.status,
      errors: [
        current.status === 'approved'
          ? `Perioden ${period} är godkänd. Öppna den igen (återöppna) innan fördelningen räknas om.`
          : `Perioden ${period} är fakturerad och låst. Rättelser görs med kreditfaktura och ny faktura.`,
      ],
    }
  }

  const pools = await openPoolSpecs(trx, period)
  const keys = defaultKeys(period)
  const { results, warnings, errors } = await computePools(trx, period, pools)

  const unallocatable = await trx.rawQuery(
    `SELECT count(*)::int AS count FROM extensions e JOIN organisations o ON o.id = e.organisation_id
      WHERE e.valid_from <= ?::date AND (e.valid_to IS NULL OR e.valid_to >= ?::date)
        AND NOT (o.active_from <= ?::date AND (o.active_to IS NULL OR o.active_to >= ?::date))`,
    [keys.keyDate, keys.keyDate, keys.keyDate, keys.keyDate]
  )
  if (unallocatable.rows[0].count > 0) {
    warnings.push(
      `${unallocatable.rows[0].count} anknytningar per ${keys.keyDate} hör till organisationer som inte är aktiva och fördelas inte (se Ej fördelningsbara).`
    )
  }

  if (errors.length > 0) {
    // the caller rolls back: a period this run created is gone again
    return {
      ok: false as const,
      period,
      status: created.rows.length > 0 ? null : current.status,
      errors,
    }
  }

  const adjusting = await computeAdjustments(trx, period)
  warnings.push(...adjusting.warnings)
  const inputs = { ...(await ownInputs(trx, period, pools)), ...adjusting.late }

  await trx.from('allocations').where('period', period).delete()
  await trx.from('allocation_adjustments').where('period', period).delete()
  const [calculation] = await trx
    .table('allocation_calculations')
    .insert({
      period,
      calculated_by: userId,
      pool_count: results.length,
      total_ore: results.reduce((sum, result) => sum + BigInt(result.amountOre), 0n).toString(),
      inputs: JSON.stringify(inputs),
    })
    .returning('id')
  const calculationId = Number(calculation.id)
  for (const result of results) {
    const [allocation] = await trx
      .table('allocations')
      .insert({
        calculation_id: calculationId,
        period,
        cost_pool_id: result.poolId,
        amount_ore: result.amountOre,
        basis: result.basis,
        key_date: result.basis === 'extensions' ? result.keyDate : null,
        key_month: result.basis === 'headcount' ? result.keyDate : null,
        total_weight: result.total,
        sources: JSON.stringify(result.sources),
      })
      .returning('id')
    if (result.shares.length > 0) {
      await trx.table('allocation_shares').multiInsert(
        result.shares.map((share) => ({
          allocation_id: allocation.id,
          organisation_id: result.ids.get(share.organisation),
          weight: share.count,
          amount_ore: share.amountOre,
        }))
      )
    }
  }
  for (const recomputation of adjusting.recomputations) {
    await trx.table('period_recomputations').insert({
      calculation_id: calculationId,
      adjusted_period: recomputation.period,
      inputs: JSON.stringify(recomputation.inputs),
      changes: JSON.stringify(recomputation.changes),
    })
  }
  for (const adjustment of adjusting.adjustments) {
    const [row] = await trx
      .table('allocation_adjustments')
      .insert({
        calculation_id: calculationId,
        period,
        adjusted_period: adjustment.period,
        cost_pool_id: adjustment.poolId,
        settled_total_ore: String(adjustment.settledTotalOre),
        recomputed_total_ore: String(adjustment.recomputedTotalOre),
        amount_ore: String(adjustment.amountOre),
      })
      .returning('id')
    await trx.table('allocation_adjustment_shares').multiInsert(
      adjustment.rows.map((share) => ({
        adjustment_id: row.id,
        organisation_id: share.organisationId,
        weight: String(share.weight),
        settled_ore: String(share.settledOre),
        recomputed_ore: String(share.recomputedOre),
        amount_ore: String(share.amountOre),
      }))
    )
  }
  await trx
    .from('periods')
    .where('period', period)
    .update({
      calculation_id: calculationId,
      warnings: JSON.stringify(warnings),
      calculated_at: new Date(),
      calculated_by: userId,
    })
  await recordAudit(trx, {
    userId,
    action: 'update',
    entityType: 'period',
    entityId: period,
    summary: `Kostnadsfördelningen för ${period} räknades, beräkning ${calculationId} (${results.map((r) => `${r.code} ${formatOre(BigInt(r.amountOre))}`).join(', ')})${adjusting.adjustments.length > 0 ? `, justeringar ${adjusting.adjustments.map((a) => `${a.period} ${a.pool} ${formatOre(BigInt(a.amountOre))}`).join(', ')}` : ''}`,
  })
  return {
    ok: true as const,
    period,
    status: 'draft' as const,
    calculationId,
    pools: results.map(({ poolId: _p, sources: _s, ids: _i, ...pool }) => pool),
    adjustments: adjusting.adjustments.map(
      ({ poolId: _p, rows: _r, settledTotalOre: _s, recomputedTotalOre: _t, ...adjustment }) =>
        adjustment
    ),
    // companies without what a lawful invoice needs (worded now; the page words them live)
    warnings: [
      ...warnings,
      ...(await companyDetailWarnings(period, trx)).map((w) => renderWarning(w, message)),
    ],
  }
}

/** The pools of a calculation as stored: amount and the sum of their shares. */
export async function storedAllocations(trx: TransactionClientContract, calculationId: number) {
  const rows = await trx
    .from('allocations as a')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .where('a.calculation_id', calculationId)
    .orderBy('c.id')
    .select(
      'c.code',
      'a.amount_ore',
      trx.raw(
        '(SELECT coalesce(sum(s.amount_ore), 0) FROM allocation_shares s WHERE s.allocation_id = a.id)::bigint AS shares_ore'
      )
    )
  return rows.map((row) => ({
    pool: row.code as string,
    amountOre: BigInt(row.amount_ore),
    sharesOre: BigInt(row.shares_ore),
  }))
}

/** What an approval confirms beyond the figures (DOMAIN.md "Guards"). */
export interface ApprovalConfirmation {
  /** Approving although a supplier-invoice pool has no supplier invoice: why. */
  emptyPoolComment?: string
}

/** The active pools fed by supplier invoices that have no supplier invoice for the period. */
export async function emptySupplierPools(
  client: TransactionClientContract | QueryClientContract,
  period: string
): Promise<string[]> {
  const rows = await client
    .from('cost_pools')
    .where('is_active', true)
    .where('amount_source', 'supplier_invoices')
    .whereNotExists((q) => q.from('supplier_invoices').where('period', period))
    .orderBy('id')
    .select('code')
  return rows.map((row) => row.code as string)
}

/** The Swedish sentence for why a period's allocation is not complete. */
function incompleteMessage(period: string, gaps: AllocationGap[]) {
  const details = gaps.map((gap) =>
    gap.kind === 'noCalculation'
      ? message('allocations.refusals.noCalculation')
      : gap.kind === 'missingPools'
        ? message('allocations.refusals.missingPools', {
            expected: String(gap.expected),
            found: String(gap.found),
          })
        : message('allocations.refusals.unbalanced', {
            pool: gap.pool,
            amount: formatOre(gap.amountOre),
            shares: formatOre(gap.sharesOre),
          })
  )
  return message('allocations.refusals.incomplete', { period, details: details.join('; ') })
}

/**
 * Draft → approved (a controller), of the calculation the controller was shown
 * (`shownCalculationId`; without it, the current one — the command line). Refused when
 * the allocation is not complete, or has been re-run since it was shown: the refusal
 * names the new figures. Reopen: approved → draft, before invoicing.
 */
export async function setPeriodApproval(
  period: string,
  approve: boolean,
  userId: number | null,
  shownCalculationId?: number,
  confirmation: ApprovalConfirmation = {}
) {
  return db.transaction(async (trx) => {
    const current = await trx.from('periods').where('period', period).forUpdate().first()
    if (!current)
      return {
        ok: false as const,
        error: `Perioden ${period} har ingen fördelning ännu. Kör fördelningen först.`,
      }
    const from = approve ? 'draft' : 'approved'
    if (current.status !== from) {
      const error =
        current.status === 'invoiced'
          ? `Perioden ${period} är fakturerad och låst.`
          : approve
            ? `Perioden ${period} är redan godkänd.`
            : `Perioden ${period} är inte godkänd.`
      return { ok: false as const, error }
    }
    const calculationId = current.calculation_id === null ? null : Number(current.calculation_id)
    if (approve) {
      const calculation =
        calculationId === null
          ? null
          : await trx.from('allocation_calculations').where('id', calculationId).first()
      const allocations = calculation ? await storedAllocations(trx, calculationId!) : []
      const gaps = allocationGaps(
        calculation ? { poolCount: calculation.pool_count } : null,
        allocations
      )
      if (gaps.length > 0) return { ok: false as const, error: incompleteMessage(period, gaps) }
      if (shownCalculationId !== undefined && shownCalculationId !== calculationId) {
        return {
          ok: false as const,
          error: message('allocations.refusals.recalculated', {
            period,
            shown: String(shownCalculationId),
            current: String(calculationId),
            at: formatDateTime(calculation.calculated_at),
            figures: allocations
              .map((allocation) => `${allocation.pool} ${formatOre(allocation.amountOre)}`)
              .join(', '),
          }),
        }
      }
      const settings = await getSettings(trx)
      // four eyes: whoever ran the allocation last does not approve it (null: the system)
      if (
        userId !== null &&
        settings.four_eyes !== 'nej' &&
        current.calculated_by !== null &&
        Number(current.calculated_by) === userId
      ) {
        return { ok: false as const, error: message('controlLoop.refusals.fourEyes', { period }) }
      }
      const empty = await emptySupplierPools(trx, period)
      if (empty.length > 0) {
        const comment = confirmation.emptyPoolComment?.trim() ?? ''
        if (confirmation.emptyPoolComment === undefined) {
          return {
            ok: false as const,
            error: message('controlLoop.refusals.emptyPool', { period, pools: empty.join(', ') }),
          }
        }
        if (comment.length === 0 || comment.length > 1000 || hasControlCharacter(comment)) {
          return { ok: false as const, error: message('controlLoop.refusals.emptyPoolComment') }
        }
        await trx
          .from('periods')
          .where('period', period)
          .update({ empty_pool_comment: comment, empty_pool_confirmed_by: userId })
        await recordAudit(trx, {
          userId,
          action: 'update',
          entityType: 'period',
          entityId: period,
          summary: `${empty.join(', ')} godkändes för ${period} utan leverantörsfaktura: ${comment}`,
        })
      }
      const stale = await staleness(trx, period)
      if (stale.stale) {
        return {
          ok: false as const,
          error: message('controlLoop.refusals.stale', {
            period,
            changes: stale.changes.map((change) => describeChange(change)).join('; '),
          }),
        }
      }
      const check = await reconciliation(period, trx)
      if (check.flagged && !check.explanation) {
        return {
          ok: false as const,
          error:
            `Leverantörsfakturan för ${period} stämmer inte med samtalsposterna (mer än ${check.tolerancePercent.toString().replace('.', ',')} % skillnad). ` +
            'Samordnaren förklarar skillnaden eller rättar underlaget innan perioden kan godkännas.',
        }
      }
    }
    await trx
      .from('periods')
      .where('period', period)
      .update(
        approve
          ? {
              status: 'approved',
              approved_at: new Date(),
              approved_by: userId,
              approved_calculation_id: calculationId,
            }
          : {
              status: 'draft',
              approved_at: null,
              approved_by: null,
              approved_calculation_id: null,
              empty_pool_comment: null,
              empty_pool_confirmed_by: null,
            }
      )
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'period',
      entityId: period,
      summary: approve
        ? `Kostnadsfördelningen för ${period} godkändes (beräkning ${calculationId})`
        : `Kostnadsfördelningen för ${period} öppnades igen`,
    })
    return {
      ok: true as const,
      status: approve ? ('approved' as const) : ('draft' as const),
      calculationId,
    }
  })
}
