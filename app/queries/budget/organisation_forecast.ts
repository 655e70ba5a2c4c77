/**
 * The year per organisation (issue 17 point 1; docs/budget.md): what it has been charged
 * in the closed months, its fee by this year's budget (the fee preview of the year), and
 * the forecast — charged + each pool's rest of the year allocated by the year's key with
 * the month-end's own rule. A fixed pool's rest is its monthly amount for the open months
 * (that is what it will charge); any other pool's rest is its forecast (docs/budget.md).
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { budgetYear, closedPeriods } from '#queries/budget/budget_year'
import { feePreview, type FeePreview } from '#queries/budget/fee_preview'

type Client = QueryClientContract

export interface OrganisationYear {
  id: number
  code: string
  name: string
  chargedOre: bigint
  budgetFeeOre: bigint
  forecastOre: bigint
}

const sumsByOrganisation = (preview: FeePreview) => {
  const map = new Map<string, bigint>()
  for (const pool of preview.pools) {
    for (const share of pool.shares) {
      map.set(share.organisation, (map.get(share.organisation) ?? 0n) + BigInt(share.amountOre))
    }
  }
  return map
}

export async function organisationForecast(
  year: number,
  options: { organisationId?: number } = {},
  client: Client = db.connection()
) {
  const pools = await budgetYear(year, client)
  const closed = await closedPeriods(year, client)
  const periods = [...closed.keys()]
  const charged = await client
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .whereIn('a.period', periods)
    .groupBy('s.organisation_id')
    .select('s.organisation_id', client.raw('sum(s.amount_ore)::bigint AS amount_ore'))
  const budgetFees = await feePreview(year, client)
  const rest = await feePreview(year, client, async () => {
    const amounts = new Map<string, bigint>()
    for (const pool of pools) {
      const open = BigInt(12 - pool.forecast.closedMonths)
      amounts.set(pool.code, pool.fixed ? pool.fixedMonthlyOre * open : pool.forecast.restOre)
    }
    return amounts
  })
  const budgetSums = sumsByOrganisation(budgetFees)
  const restSums = sumsByOrganisation(rest)
  const query = client.from('organisations').orderBy('code').select('id', 'code', 'name')
  if (options.organisationId !== undefined) query.where('id', options.organisationId)
  const organisations = await query
  const rows: OrganisationYear[] = organisations
    .map((organisation) => {
      const chargedOre = BigInt(
        charged.find((row) => row.organisation_id === organisation.id)?.amount_ore ?? 0
      )
      return {
        id: organisation.id,
        code: organisation.code,
        name: organisation.name,
        chargedOre,
        budgetFeeOre: budgetSums.get(organisation.code) ?? 0n,
        forecastOre: chargedOre + (restSums.get(organisation.code) ?? 0n),
      }
    })
    .filter((row) => row.chargedOre !== 0n || row.budgetFeeOre !== 0n || row.forecastOre !== 0n)
  return {
    rows,
    warnings: [...budgetFees.warnings],
    errors: [...budgetFees.errors, ...rest.errors],
  }
}
