/**
 * Month-end rules that need no database (DOMAIN.md "Counting the basis", "Period workflow").
 */
import { formatInteger, formatOre } from '#domain/formatting'
import { coded, type CodedMessage } from '#domain/coded_message'

export type PeriodStatus = 'draft' | 'approved' | 'invoiced'

/** Default key date (extensions) and key month (headcount): October of the previous year. */
export function defaultKeys(period: string) {
  const year = Number(period.slice(0, 4)) - 1
  return { keyDate: `${year}-10-31`, keyMonth: `${year}-10` }
}

export function firstDayOf(period: string) {
  return `${period}-01`
}

/**
 * The exact basis of an invoice line, `226 av 11 170 anknytningar, andel av 813 657,00 kr`, as a
 * code whose plural ("1 anknytning", "2 anknytningar") is ICU's in resources/lang
 * (`monthEnd.basis.*`). The share is the pool's amount × weight / total, to the öre by the
 * largest remainder (DOMAIN.md), so a reader can check it; a rounded unit price (`× 72,8391
 * kr`) could not be multiplied back to the line's amount (issue 15).
 */
export function basisMessage(
  basis: 'extensions' | 'headcount',
  weight: bigint,
  totalWeight: bigint,
  poolAmountOre: bigint
): CodedMessage {
  return coded(`monthEnd.basis.${basis}`, {
    count: Number(totalWeight),
    weight: formatInteger(weight),
    total: formatInteger(totalWeight),
    amount: formatOre(poolAmountOre),
  })
}

/** Invoice numbers per calendar year: `2026-00001`. */
export function invoiceNumber(year: number, sequence: number) {
  return `${year}-${String(sequence).padStart(5, '0')}`
}

/** Date arithmetic lives in app/domain/periods.ts; kept here for the month-end's imports. */
export { addDays } from '#domain/periods'

/** One pool of a stored calculation: its amount and what its shares add up to. */
export interface StoredAllocation {
  pool: string
  amountOre: bigint
  sharesOre: bigint
}

/**
 * Why a stored calculation cannot be approved or invoiced ([] when it can): there is
 * none, pools of the run are missing, or a pool's shares do not add up to its amount.
 */
export type AllocationGap =
  | { kind: 'noCalculation' }
  | { kind: 'missingPools'; expected: number; found: number }
  | { kind: 'unbalanced'; pool: string; amountOre: bigint; sharesOre: bigint }

export function allocationGaps(
  calculation: { poolCount: number } | null,
  allocations: StoredAllocation[]
): AllocationGap[] {
  if (!calculation) return [{ kind: 'noCalculation' }]
  const gaps: AllocationGap[] = []
  if (calculation.poolCount === 0 || allocations.length !== calculation.poolCount) {
    gaps.push({ kind: 'missingPools', expected: calculation.poolCount, found: allocations.length })
  }
  for (const allocation of allocations) {
    if (allocation.sharesOre !== allocation.amountOre) {
      gaps.push({
        kind: 'unbalanced',
        pool: allocation.pool,
        amountOre: allocation.amountOre,
        sharesOre: allocation.sharesOre,
      })
    }
  }
  return gaps
}
