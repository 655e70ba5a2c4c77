/**
 * Next year's fee preview (issue 17 point 2, FORMATS.md `fees:preview YYYY`; docs/budget.md):
 * each pool's budget for the year allocated over the register at the year's key date as it
 * stands today, by the month-end's own computation (`computePools` with the budget as the
 * amount: same participants, key dates, joiner rule and largest remainder — no copy). A
 * fixed-amount pool without a budget counts its monthly amount × 12; another pool without a
 * budget is left out with a warning.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { computePools } from '#actions/month_end/compute_pools'
import { openPoolSpecs } from '#queries/month_end/calculation_inputs'
import { coded, type CodedMessage } from '#domain/coded_message'
import { feeChange } from '#domain/budget'

type Client = QueryClientContract

export interface PreviewPool {
  code: string
  name: string
  budgetOre: number
  basis: 'extensions' | 'headcount'
  keyDate: string
  total: number
  shares: { organisation: string; count: number; amountOre: number }[]
}

export interface FeePreview {
  year: number
  pools: PreviewPool[]
  warnings: CodedMessage[]
  errors: CodedMessage[]
}

export async function feePreview(
  year: number,
  client: Client = db.connection(),
  amountsOf: (pools: Awaited<ReturnType<typeof openPoolSpecs>>) => Promise<Map<string, bigint>> = (
    pools
  ) => yearBudgets(year, pools, client)
): Promise<FeePreview> {
  const specs = await openPoolSpecs(client, `${year}-01`)
  const amounts = await amountsOf(specs)
  const warnings: CodedMessage[] = []
  for (const spec of specs.filter((pool) => !amounts.has(pool.code))) {
    warnings.push(coded('budget.messages.noBudget', { pool: spec.code, year: String(year) }))
  }
  const computed = await computePools(
    client,
    `${year}-01`,
    specs.filter((pool) => amounts.has(pool.code)),
    { amounts }
  )
  return {
    year,
    pools: computed.results.map((pool) => ({
      code: pool.code,
      name: pool.name,
      budgetOre: pool.amountOre,
      basis: pool.basis,
      keyDate: pool.keyDate,
      total: pool.total,
      shares: pool.shares,
    })),
    warnings: [
      ...warnings,
      ...computed.warnings.filter((w) => w.code !== 'allocationMessages.emptyAmount'),
    ],
    errors: computed.errors,
  }
}

/**
 * What a preview says beside its figures — the same on the page, in the API and from
 * `fees:preview` (docs/budget.md): why a pool could not be allocated (a key of zero), which
 * pools have no budget, and "Ingen budget för Y." when no pool is left. A year without a
 * budget yet is a question with an answer (no pools), never a refusal.
 */
export function previewNotes(preview: FeePreview): CodedMessage[] {
  return [
    ...preview.errors,
    ...preview.warnings,
    ...(preview.pools.length === 0
      ? [coded('budget.noBudget', { year: String(preview.year) })]
      : []),
  ]
}

/** Each pool's budget for the year (the fixed amount × 12 for a fixed pool without one). */
export async function yearBudgets(
  year: number,
  pools: { id: number; code: string; amount_source: string; fixed_monthly_ore: string | null }[],
  client: Client = db.connection()
) {
  const rows = await client
    .from('budgets')
    .where('year', year)
    .groupBy('cost_pool_id')
    .select('cost_pool_id', client.raw('sum(amount_ore)::bigint AS amount_ore'))
  const amounts = new Map<string, bigint>()
  for (const pool of pools) {
    const row = rows.find((r) => r.cost_pool_id === pool.id)
    if (row) amounts.set(pool.code, BigInt(row.amount_ore))
    else if (pool.amount_source === 'fixed') {
      amounts.set(pool.code, BigInt(pool.fixed_monthly_ore ?? 0) * 12n)
    }
  }
  return amounts
}

export interface OrganisationFee {
  code: string
  name: string
  id: number
  pools: { code: string; count: number; amountOre: number }[]
  nextOre: bigint
  currentOre: bigint | null
  changeOre: bigint | null
  changePermille: bigint | null
}

/**
 * Per organisation: next year's preview against this year's fee by the same rule (this
 * year's budget over this year's key date), so the change shows what moved — the budget
 * or the register — and not how far into the year the invoices have come.
 */
export async function feeComparison(year: number, client: Client = db.connection()) {
  const next = await feePreview(year, client)
  const current = await feePreview(year - 1, client)
  const currentOk = current.errors.length === 0 && current.pools.length > 0
  const organisations = await client.from('organisations').select('id', 'code', 'name')
  const sums = (preview: FeePreview) => {
    const map = new Map<string, bigint>()
    for (const pool of preview.pools) {
      for (const share of pool.shares) {
        map.set(share.organisation, (map.get(share.organisation) ?? 0n) + BigInt(share.amountOre))
      }
    }
    return map
  }
  const nextSums = sums(next)
  const currentSums = sums(current)
  const codes = [...new Set([...nextSums.keys(), ...(currentOk ? currentSums.keys() : [])])].sort()
  const rows: OrganisationFee[] = codes.map((code) => {
    const organisation = organisations.find((o) => o.code === code)!
    const nextOre = nextSums.get(code) ?? 0n
    const currentOre = currentOk ? (currentSums.get(code) ?? 0n) : null
    return {
      code,
      name: organisation.name,
      id: organisation.id,
      pools: next.pools.flatMap((pool) =>
        pool.shares
          .filter((share) => share.organisation === code)
          .map((share) => ({ code: pool.code, count: share.count, amountOre: share.amountOre }))
      ),
      nextOre,
      currentOre,
      ...feeChange(nextOre, currentOre),
    }
  })
  return { next, current, currentOk, organisations: rows }
}
