/**
 * The contract's service credit (DOMAIN.md "Service credits"): for every whole
 * percentage point the month's service level falls below target, a percentage of the
 * month's fixed fee, at most a ceiling. Integer öre, rounded half-up.
 */
export interface CreditRule {
  percentPerPoint: number
  maxPercent: number
}

export function serviceCredit(
  serviceLevel: number | null,
  target: number,
  feeOre: bigint,
  rule: CreditRule
) {
  if (serviceLevel === null || serviceLevel >= target)
    return { points: 0, percent: 0, creditOre: 0n }
  // whole points below target, computed on basis points to avoid float edges (85,0 − 74,7 = 10,3 → 10)
  const points = Math.floor((Math.round(target * 10_000) - Math.round(serviceLevel * 10_000)) / 100)
  const percent = Math.min(points * rule.percentPerPoint, rule.maxPercent)
  const hundredths = BigInt(Math.round(percent * 100)) // percent with two decimals
  const creditOre = (feeOre * hundredths * 2n + 10_000n) / 20_000n
  return { points, percent, creditOre }
}

/** A reconciliation difference above the tolerance (percent of the counted value). */
export function differs(invoiced: bigint, counted: bigint, tolerancePercent: number) {
  const difference = invoiced > counted ? invoiced - counted : counted - invoiced
  if (counted === 0n) return invoiced !== 0n
  // difference / counted > tolerance / 100  ⇔  difference · 10000 > tolerance·100 · counted
  return difference * 10_000n > BigInt(Math.round(tolerancePercent * 100)) * counted
}
