/**
 * What extension orders do to an organisation's monthly cost, as an estimate: "+3
 * anknytningar ≈ +218 kr/mån från januari 2027" (docs/adr/0026).
 *
 * Nothing here re-implements the allocation. The first period counting the change is
 * `firstPeriodCounting` (the default key date; a pool whose key date that year lies before
 * the change does not count it), the pools and key dates are that period's
 * (`openPoolSpecs`), and the shares are computed by the month-end's own `computePools` with
 * the amounts and participants of the latest allocated period — what the city pays today —
 * then once more by `allocate` with the organisation's count changed. The difference of the
 * two is the effect; an organisation that takes part in no pool has none.
 */
import db from '@adonisjs/lucid/services/db'
import { allocate, ZeroBasisError } from '#domain/allocate'
import { firstPeriodCounting } from '#domain/extension_orders'
import { computePools } from '#actions/month_end/compute_pools'
import { openPoolSpecs } from '#queries/month_end/calculation_inputs'

export interface CostEffect {
  /** the first period the change counts in (`YYYY-MM`) */
  period: string
  /** the change of the monthly charge in öre (negative: cheaper) */
  monthlyOre: number
  /** the allocated period whose amounts the estimate uses */
  basePeriod: string
}

type PoolShares = { amountOre: number; shares: { organisation: string; count: number }[] }[]

/** The estimator for a page; it computes each period's pools once for every organisation. */
export async function costEstimator() {
  const client = db.connection()
  const latest = await client.from('allocations').max('period as period').first()
  const basePeriod: string | null = latest?.period ?? null
  const organisations = await client.from('organisations').select('id', 'code')
  const codes = new Map<number, string>(organisations.map((row) => [row.id, row.code]))
  const cache = new Map<string, Promise<PoolShares>>()

  const poolsFor = (period: string, date: string) => {
    const key = `${period}|${date}`
    if (!cache.has(key)) {
      cache.set(
        key,
        (async () => {
          const open = await openPoolSpecs(client, period)
          const specs = open.filter((spec) => spec.basis === 'extensions' && spec.keyDate >= date)
          if (specs.length === 0 || !basePeriod) return []
          const { results } = await computePools(client, basePeriod, specs)
          return results
        })()
      )
    }
    return cache.get(key)!
  }

  /**
   * The effect on `organisationId` of `delta` extensions effective on `date`. With `applied` the register
   * already holds the change (a performed order): the effect is then measured against the
   * count without it.
   */
  return async function estimate(
    organisationId: number,
    delta: number,
    date: string,
    applied = false
  ): Promise<CostEffect | null> {
    const code = codes.get(organisationId)
    if (!basePeriod || !code) return null
    const period = firstPeriodCounting(date)
    if (delta === 0) return { period, monthlyOre: 0, basePeriod }
    let monthlyOre = 0n
    for (const pool of await poolsFor(period, date)) {
      const own = pool.shares.find((share) => share.organisation === code)
      if (!own) continue
      const shift = (sign: number) =>
        pool.shares.map((share) => ({
          code: share.organisation,
          weight: BigInt(
            Math.max(0, share.count + (share.organisation === own.organisation ? sign * delta : 0))
          ),
        }))
      try {
        const before = allocate(BigInt(pool.amountOre), applied ? shift(-1) : shift(0))
        const after = allocate(BigInt(pool.amountOre), applied ? shift(0) : shift(1))
        const share = (list: typeof before) => list.find((row) => row.code === code)!.amountOre
        monthlyOre += share(after) - share(before)
      } catch (error) {
        if (!(error instanceof ZeroBasisError)) throw error
      }
    }
    return { period, monthlyOre: Number(monthlyOre), basePeriod }
  }
}
