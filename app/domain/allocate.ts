/**
 * Largest-remainder allocation of a pool, exact to the öre (DOMAIN.md "Allocation of a
 * pool"). Pure TypeScript, BigInt only — no floats anywhere.
 *
 * For a total T öre and basis counts w_i with W = Σ w_i:
 * 1. W = 0 is an error (nothing can be allocated);
 * 2. each share starts at floor(T · w_i / W);
 * 3. the L = T − Σ floor(…) leftover öre go one each to the L largest remainders
 *    T · w_i mod W, ties to the lower organisation code (plain code-point order);
 * 4. a negative T (a credit) is allocated as −allocate(−T).
 */
export interface Participant {
  code: string
  weight: bigint
}

export interface Share {
  code: string
  weight: bigint
  amountOre: bigint
}

export class ZeroBasisError extends Error {
  constructor() {
    super('Fördelningsnyckeln är noll: det finns inget att fördela efter.')
  }
}

/** Code-point order, as DOMAIN.md asks (not locale order). */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function allocate(totalOre: bigint, participants: Participant[]): Share[] {
  if (totalOre < 0n) {
    return allocate(-totalOre, participants).map((share) => ({
      ...share,
      amountOre: -share.amountOre,
    }))
  }
  for (const participant of participants) {
    if (participant.weight < 0n) throw new RangeError(`negativ nyckel för ${participant.code}`)
  }
  const totalWeight = participants.reduce((sum, p) => sum + p.weight, 0n)
  if (totalWeight === 0n) throw new ZeroBasisError()

  const shares = participants.map((participant) => {
    const product = totalOre * participant.weight
    return {
      code: participant.code,
      weight: participant.weight,
      amountOre: product / totalWeight,
      remainder: product % totalWeight,
    }
  })
  let leftover = totalOre - shares.reduce((sum, share) => sum + share.amountOre, 0n)
  const order = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? byCode(a.code, b.code) : a.remainder > b.remainder ? -1 : 1
  )
  for (const share of order) {
    if (leftover === 0n) break
    share.amountOre += 1n
    leftover -= 1n
  }
  return shares.map(({ code, weight, amountOre }) => ({ code, weight, amountOre }))
}

/** The unit price T / W in kronor with 4 decimals, for display only (half-up). */
export function unitPrice(totalOre: bigint, totalWeight: bigint) {
  if (totalWeight === 0n) return '0,0000'
  const negative = totalOre < 0n
  const scaled = ((negative ? -totalOre : totalOre) * 100n * 2n + totalWeight) / (2n * totalWeight) // öre·100 → kr·10000
  const text = scaled.toString().padStart(5, '0')
  const kronor = text.slice(0, -4).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
  return `${negative ? '-' : ''}${kronor},${text.slice(-4)}`
}
