/**
 * `allocation:run YYYY-MM`: compute (or recompute) the period's draft allocation.
 *
 * Per cost pool: the amount of the period (supplier invoices, cost entries or the fixed
 * monthly amount), the participants (kinds of the pool, active on the first day of the
 * period, and for switchboard pools connected to it that day), their basis at the key
 * date / key month, and the largest-remainder shares. Everything is stored in one
 * transaction; an approved or invoiced period is refused.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { allocate, ZeroBasisError } from '#domain/allocate'
import { allocationGaps, defaultKeys, firstDayOf, type AllocationGap } from '#domain/month_end'
import { formatDateTime, formatOre } from '#domain/formatting'
import { recordAudit } from '#services/audit'
import { message } from '#services/messages'
import { companyDetailWarnings, renderWarning } from '#queries/month_end/company_details'
import { acceptedCreditOre, reconciliation } from '#actions/quality/supplier_follow_up'

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

export type RunAllocationResult =
  | {
      ok: true
      period: string
      status: 'draft'
      calculationId: number
      pools: AllocationPoolResult[]
      warnings: string[]
    }
  | { ok: false; period: string; status: string | null; errors: string[] }

interface Pool {
  id: number
  code: string
  name: string
  basis: 'extensions' | 'headcount'
  participant_kinds: string[]
  amount_source: 'supplier_invoices' | 'cost_entries' | 'fixed'
  fixed_monthly_ore: string | null
  switchboard: boolean
}

async function poolAmount(trx: TransactionClientContract, pool: Pool, period: string) {
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
  const rows = await trx
    .from('cost_entries')
    .where('period', period)
    .where('cost_pool_id', pool.id)
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

async function participants(trx: TransactionClientContract, pool: Pool, period: string) {
  const first = firstDayOf(period)
  const query = trx
    .from('organisations')
    .whereIn('kind', pool.participant_kinds)
    .where('active_from', '<=', first)
    .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', first))
    .select('id', 'code', 'name')
    .orderBy('code')
  if (pool.switchboard) {
    query
      .whereRaw('coalesce(connected_from, active_from) <= ?::date', [first])
      .where((q) => q.whereNull('connected_to').orWhere('connected_to', '>=', first))
  }
  return query
}

async function weights(
  trx: TransactionClientContract,
  pool: Pool,
  organisationIds: number[],
  keys: { keyDate: string; keyMonth: string }
) {
  if (pool.basis === 'extensions') {
    const rows = await trx
      .from('extensions')
      .whereIn('organisation_id', organisationIds)
      .where('valid_from', '<=', keys.keyDate)
      .where((q) => q.whereNull('valid_to').orWhere('valid_to', '>=', keys.keyDate))
      .groupBy('organisation_id')
      .select('organisation_id', trx.raw('count(*)::bigint as weight'))
    return new Map(rows.map((row) => [row.organisation_id as number, BigInt(row.weight)]))
  }
  const rows = await trx
    .from('headcounts')
    .whereIn('organisation_id', organisationIds)
    .where('month', keys.keyMonth)
    .select('organisation_id', 'employees')
  return new Map(rows.map((row) => [row.organisation_id as number, BigInt(row.employees)]))
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

  const pools: Pool[] = await trx.from('cost_pools').where('is_active', true).orderBy('id')
  const overrides = await trx
    .from('pool_key_dates')
    .where('year', Number(period.slice(0, 4)))
    .select('cost_pool_id', trx.raw(`to_char(key_date, 'YYYY-MM-DD') as key_date`), 'key_month')
  const keysFor = (pool: Pool) => {
    const override = overrides.find((row) => row.cost_pool_id === pool.id)
    const defaults = defaultKeys(period)
    return {
      keyDate: override?.key_date ?? defaults.keyDate,
      keyMonth: override?.key_month ?? defaults.keyMonth,
    }
  }
  const keys = defaultKeys(period)
  const warnings: string[] = []
  const errors: string[] = []
  const results: (AllocationPoolResult & {
    poolId: number
    sources: unknown[]
    ids: Map<string, number>
  })[] = []

  for (const pool of pools) {
    const { amountOre, sources } = await poolAmount(trx, pool, period)
    const members = await participants(trx, pool, period)
    const poolKeys = keysFor(pool)
    const weightById = await weights(
      trx,
      pool,
      members.map((m) => m.id),
      poolKeys
    )
    const keyLabel = pool.basis === 'extensions' ? poolKeys.keyDate : poolKeys.keyMonth
    if (amountOre === 0n)
      warnings.push(`${pool.code}: inget belopp för ${period} (kostnadsposten är tom).`)
    if (pool.basis === 'headcount') {
      const missing = members.filter((m) => !weightById.has(m.id)).map((m) => m.code)
      if (missing.length > 0) {
        warnings.push(
          `${pool.code}: antal anställda saknas för ${poolKeys.keyMonth} hos ${missing.join(', ')} (räknas som 0).`
        )
      }
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

  await trx.from('allocations').where('period', period).delete()
  const [calculation] = await trx
    .table('allocation_calculations')
    .insert({
      period,
      calculated_by: userId,
      pool_count: results.length,
      total_ore: results.reduce((sum, result) => sum + BigInt(result.amountOre), 0n).toString(),
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
    entityType: 'setting',
    entityId: period,
    summary: `Kostnadsfördelningen för ${period} räknades, beräkning ${calculationId} (${results.map((r) => `${r.code} ${formatOre(BigInt(r.amountOre))}`).join(', ')})`,
  })
  return {
    ok: true as const,
    period,
    status: 'draft' as const,
    calculationId,
    pools: results.map(({ poolId: _p, sources: _s, ids: _i, ...pool }) => pool),
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
  shownCalculationId?: number
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
          : { status: 'draft', approved_at: null, approved_by: null, approved_calculation_id: null }
      )
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'setting',
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
