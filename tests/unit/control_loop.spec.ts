import { test } from '@japa/runner'
import { adjustPool, diffInputs, fingerprint, type CalculationInputs } from '#domain/control_loop'

/**
 * The adjustment rule (DOMAIN.md "Late and changed inputs"): share(P recomputed) −
 * share(P as invoiced or last adjusted), per organisation. Invoiced P: TELEFONIST
 * 100 000,00 kr over 3 / 2 / 5 extensions = 30 000,00 / 20 000,00 / 50 000,00 kr.
 * Expected öre are worked out by hand below each test name.
 */
const invoiced = new Map([
  ['ADM-A', 3_000_000n],
  ['ADM-B', 2_000_000n],
  ['BOLAG-C', 5_000_000n],
])
const weights = (a: bigint, b: bigint, c?: bigint) => [
  { code: 'ADM-A', weight: a },
  { code: 'ADM-B', weight: b },
  ...(c === undefined ? [] : [{ code: 'BOLAG-C', weight: c }]),
]
const amounts = (result: ReturnType<typeof adjustPool>) =>
  Object.fromEntries(result.shares.map((share) => [share.code, share.amountOre]))
const sum = (result: ReturnType<typeof adjustPool>) =>
  result.shares.reduce((total, share) => total + share.amountOre, 0n)

test.group('Adjustments of an invoiced period', () => {
  test('a late supplier invoice of 1 234,57 kr is adjusted exactly and sums to the change of the pool', ({
    assert,
  }) => {
    // T' = 10 123 457: floors 3 037 037 (r1), 2 024 691 (r4), 5 061 728 (r5); the 1 öre left to C
    const result = adjustPool(10_123_457n, weights(3n, 2n, 5n), invoiced)
    assert.deepEqual(amounts(result), { 'ADM-A': 37_037n, 'ADM-B': 24_691n, 'BOLAG-C': 61_729n })
    assert.equal(result.amountOre, 123_457n)
    assert.equal(sum(result), 123_457n)
  })

  test('a negative late invoice (a supplier credit of 500,01 kr) gives negative adjustments to the öre', ({
    assert,
  }) => {
    // T' = 9 949 999: floors 2 984 999 (r7), 1 989 999 (r8), 4 974 999 (r5); 2 öre left to B, A
    const result = adjustPool(9_949_999n, weights(3n, 2n, 5n), invoiced)
    assert.deepEqual(amounts(result), { 'ADM-A': -15_000n, 'ADM-B': -10_000n, 'BOLAG-C': -25_001n })
    assert.equal(sum(result), -50_001n)
    assert.equal(result.amountOre, -50_001n)
  })

  test('a register correction that changes the weights moves money between organisations and sums to 0', ({
    assert,
  }) => {
    // A has 4 extensions at the key date, not 3: W = 11; floors 3 636 363 (r7),
    // 1 818 181 (r9), 4 545 454 (r6); 2 öre left to B, A
    const result = adjustPool(10_000_000n, weights(4n, 2n, 5n), invoiced)
    assert.deepEqual(amounts(result), {
      'ADM-A': 636_364n,
      'ADM-B': -181_818n,
      'BOLAG-C': -454_546n,
    })
    assert.equal(sum(result), 0n)
    assert.equal(result.amountOre, 0n)
  })

  test('an organisation ended since still gets its adjustment, also one no longer taking part in P', ({
    assert,
  }) => {
    // C's dates were corrected so it never took part in P: it gets back all it paid
    const result = adjustPool(10_000_000n, weights(3n, 2n), invoiced)
    assert.deepEqual(amounts(result), {
      'ADM-A': 3_000_000n,
      'ADM-B': 2_000_000n,
      'BOLAG-C': -5_000_000n,
    })
    assert.equal(sum(result), 0n)
    const dropped = result.shares.find((share) => share.code === 'BOLAG-C')!
    assert.equal(dropped.recomputedOre, 0n)
    assert.equal(dropped.settledOre, 5_000_000n)
  })

  test('a second late input after settlement adjusts only the further difference', ({ assert }) => {
    // settled at the first adjustment (10 123 457); a further 100,00 kr: T'' = 10 133 457,
    // floors 3 040 037 (r1), 2 026 691 (r4), 5 066 728 (r5); the 1 öre left to C
    const settled = new Map([
      ['ADM-A', 3_037_037n],
      ['ADM-B', 2_024_691n],
      ['BOLAG-C', 5_061_729n],
    ])
    const result = adjustPool(10_133_457n, weights(3n, 2n, 5n), settled)
    assert.deepEqual(amounts(result), { 'ADM-A': 3_000n, 'ADM-B': 2_000n, 'BOLAG-C': 5_000n })
    assert.equal(sum(result), 10_000n)
  })

  test('unchanged inputs give no adjustment at all', ({ assert }) => {
    const result = adjustPool(10_000_000n, weights(3n, 2n, 5n), invoiced)
    assert.lengthOf(result.shares, 0)
    assert.equal(result.amountOre, 0n)
  })
})

test.group('Inputs of a calculation', () => {
  const input = (version: string, by: string | null = null) => ({
    kind: 'supplier_invoice' as const,
    ref: 'LF-1',
    version,
    by,
    at: null,
  })

  test('a changed, added or removed input is named; an unchanged one is not', ({ assert }) => {
    const used: CalculationInputs = { a: input('1'), b: input('1'), c: input('1') }
    const now: CalculationInputs = { a: input('1'), b: input('2', 'Eva'), d: input('1') }
    assert.deepEqual(
      diffInputs(used, now).map((change) => [change.key, change.change, change.by]),
      [
        ['b', 'changed', 'Eva'],
        ['c', 'removed', null],
        ['d', 'added', null],
      ]
    )
    assert.lengthOf(diffInputs(now, now), 0)
  })

  test('the fingerprint depends on the versions, not on the order of the keys', ({ assert }) => {
    assert.equal(
      fingerprint({ a: input('1'), b: input('2') }),
      fingerprint({ b: input('2'), a: input('1') })
    )
    assert.notEqual(fingerprint({ a: input('1') }), fingerprint({ a: input('2') }))
  })
})
