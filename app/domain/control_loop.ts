/**
 * The control loop of the month-end (DOMAIN.md "Late and changed inputs"), the rules that
 * need no database: what a calculation's inputs are compared by, and the adjustment of an
 * invoiced period once its inputs changed.
 */
import { createHash } from 'node:crypto'
import { allocate, type Participant } from '#domain/allocate'

/** What an input is: a supplier invoice, the cost entries of a pool, the register … */
export type InputKind =
  | 'supplier_invoice'
  | 'cost_entries'
  | 'service_credit'
  | 'extensions'
  | 'headcount'
  | 'organisation'
  | 'pool'
  | 'late'
  | 'true_up'

/** One input of a calculation: its version (any change of it changes this) and its source. */
export interface CalculationInput {
  kind: InputKind
  /** what it is, for people: an invoice number, a pool code, a key date, a period … */
  ref: string
  version: string
  /** who brought this version in, and when (ISO), when known */
  by: string | null
  at: string | null
  /** e.g. the file it came from */
  detail?: string | null
}

export type CalculationInputs = Record<string, CalculationInput>

export interface InputChange extends CalculationInput {
  key: string
  change: 'added' | 'changed' | 'removed'
}

/** What changed between the inputs a calculation used and the inputs now ([] when none). */
export function diffInputs(used: CalculationInputs, now: CalculationInputs): InputChange[] {
  const changes: InputChange[] = []
  for (const [key, input] of Object.entries(now)) {
    const before = used[key]
    if (!before) changes.push({ key, change: 'added', ...input })
    else if (before.version !== input.version) changes.push({ key, change: 'changed', ...input })
  }
  for (const [key, input] of Object.entries(used)) {
    if (!(key in now)) changes.push({ key, change: 'removed', ...input, by: null, at: null })
  }
  return changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** A short, stable fingerprint of a set of inputs (order of keys does not matter). */
export function fingerprint(inputs: CalculationInputs) {
  const text = Object.keys(inputs)
    .sort()
    .map((key) => `${key}=${inputs[key].version}`)
    .join('\n')
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

export interface AdjustedShare {
  code: string
  weight: bigint
  settledOre: bigint
  recomputedOre: bigint
  amountOre: bigint
}

/**
 * The adjustment of one pool of an invoiced period P: P recomputed with today's inputs
 * (its total and participants with their weights, allocated by largest remainder) minus
 * what P is settled at per organisation (as invoiced or last adjusted). An organisation
 * settled at an amount that no longer takes part gets back exactly that amount. Only
 * non-zero adjustments are returned; they sum to the change of the pool total.
 */
export function adjustPool(
  recomputedTotalOre: bigint,
  participants: Participant[],
  settled: Map<string, bigint>
) {
  const recomputed =
    participants.length === 0 && recomputedTotalOre === 0n
      ? []
      : allocate(recomputedTotalOre, participants)
  const byCode = new Map(recomputed.map((share) => [share.code, share]))
  const codes = [...new Set([...byCode.keys(), ...settled.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0
  )
  const shares: AdjustedShare[] = []
  for (const code of codes) {
    const recomputedOre = byCode.get(code)?.amountOre ?? 0n
    const settledOre = settled.get(code) ?? 0n
    if (recomputedOre === settledOre) continue
    shares.push({
      code,
      weight: byCode.get(code)?.weight ?? 0n,
      settledOre,
      recomputedOre,
      amountOre: recomputedOre - settledOre,
    })
  }
  const settledTotalOre = [...settled.values()].reduce((sum, ore) => sum + ore, 0n)
  return {
    settledTotalOre,
    recomputedTotalOre,
    amountOre: recomputedTotalOre - settledTotalOre,
    shares,
  }
}
