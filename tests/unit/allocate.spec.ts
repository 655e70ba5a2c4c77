import { test } from '@japa/runner'
import { allocate, unitPrice, ZeroBasisError } from '#domain/allocate'
import { vatOre } from '#domain/invoice_totals'

const p = (code: string, weight: number) => ({ code, weight: BigInt(weight) })
const amounts = (shares: { code: string; amountOre: bigint }[]) =>
  Object.fromEntries(shares.map((share) => [share.code, Number(share.amountOre)]))
const sum = (shares: { amountOre: bigint }[]) =>
  shares.reduce((total, share) => total + share.amountOre, 0n)

test.group('Allocation (largest remainder)', () => {
  test('a zero basis is an error and allocates nothing', ({ assert }) => {
    assert.throws(() => allocate(100_00n, [p('A', 0), p('B', 0)]), ZeroBasisError)
    assert.throws(() => allocate(100_00n, []), ZeroBasisError)
  })

  test('one organisation takes the whole total', ({ assert }) => {
    assert.deepEqual(amounts(allocate(123_456_78n, [p('SF', 17)])), { SF: 12345678 })
  })

  test('exact shares need no leftover', ({ assert }) => {
    assert.deepEqual(amounts(allocate(1000n, [p('A', 1), p('B', 3)])), { A: 250, B: 750 })
  })

  test('the leftover öre go to the largest remainders', ({ assert }) => {
    // 100 öre by 1:1:1 → 33 each, 1 left; equal remainders → lowest code
    assert.deepEqual(amounts(allocate(100n, [p('C', 1), p('A', 1), p('B', 1)])), {
      C: 33,
      A: 34,
      B: 33,
    })
    // 10 öre by 2:3:5:7 (W = 17): floors 1,1,2,4 = 8; remainders 3,13,16,2 → C and B get one each
    assert.deepEqual(amounts(allocate(10n, [p('A', 2), p('B', 3), p('C', 5), p('D', 7)])), {
      A: 1,
      B: 2,
      C: 3,
      D: 4,
    })
  })

  test('ties go to the lower code in plain code-point order (not Swedish collation)', ({
    assert,
  }) => {
    // "Z" < "a" < "Å" in code points
    assert.deepEqual(amounts(allocate(2n, [p('Å', 1), p('a', 1), p('Z', 1)])), { Å: 0, a: 1, Z: 1 })
  })

  test('a total smaller than the number of organisations still sums exactly', ({ assert }) => {
    const shares = allocate(3n, [p('A', 1), p('B', 1), p('C', 1), p('D', 1), p('E', 1)])
    assert.equal(sum(shares), 3n)
    assert.deepEqual(amounts(shares), { A: 1, B: 1, C: 1, D: 0, E: 0 })
  })

  test('a negative total (a credit) is allocated as the negation of the positive one', ({
    assert,
  }) => {
    const positive = allocate(100n, [p('C', 1), p('A', 1), p('B', 1)])
    const negative = allocate(-100n, [p('C', 1), p('A', 1), p('B', 1)])
    assert.deepEqual(amounts(negative), { C: -33, A: -34, B: -33 })
    assert.equal(sum(negative), -sum(positive))
  })

  test('an organisation with zero basis gets nothing', ({ assert }) => {
    assert.deepEqual(amounts(allocate(999n, [p('A', 0), p('B', 5)])), { A: 0, B: 999 })
  })

  test('5 000 organisations with random weights: the sum is always exact and a re-run identical', ({
    assert,
  }) => {
    let state = 20261123
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31
      return state / 2 ** 31
    }
    for (let round = 0; round < 20; round++) {
      const participants = Array.from({ length: 5000 }, (_, i) =>
        p(`ORG-${String(i).padStart(4, '0')}`, Math.floor(random() * 2000))
      )
      participants[0].weight += 1n
      const total = BigInt(Math.floor(random() * 10_000_000_000)) - 1_000_000_000n
      const first = allocate(total, participants)
      assert.equal(sum(first), total)
      assert.deepEqual(allocate(total, participants), first)
      for (const share of first) {
        // every share is within one öre of the exact quotient
        const exact =
          (Number(total) * Number(share.weight)) /
          Number(participants.reduce((s, x) => s + x.weight, 0n))
        assert.isAtMost(Math.abs(Number(share.amountOre) - exact), 1)
      }
    }
  })

  test('unit price is shown with four decimals, half-up', ({ assert }) => {
    assert.equal(unitPrice(100_000_00n, 3n), '33\u00a0333,3333')
    assert.equal(unitPrice(2n, 3n), '0,0067')
    assert.equal(unitPrice(-1_000_00n, 8n), '-125,0000')
  })

  test('VAT is 25 % of the net, rounded half-up to the öre', ({ assert }) => {
    assert.equal(vatOre(10_000n, 25n), 2_500n)
    assert.equal(vatOre(2n, 25n), 1n) // 0,5 öre → 1
    assert.equal(vatOre(1n, 25n), 0n) // 0,25 öre → 0
    assert.equal(vatOre(-2n, 25n), -1n)
  })
})
