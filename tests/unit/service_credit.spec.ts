import { test } from '@japa/runner'
import { differs, serviceCredit } from '#domain/service_credit'

const rule = { percentPerPoint: 1, maxPercent: 10 }

test.group('Service credit', () => {
  test('a met target gives no credit', ({ assert }) => {
    assert.deepEqual(serviceCredit(0.85, 0.85, 250_000_00n, rule), {
      points: 0,
      percent: 0,
      creditOre: 0n,
    })
    assert.equal(serviceCredit(null, 0.85, 250_000_00n, rule).creditOre, 0n)
  })

  test('each whole percentage point below target is 1 % of the fixed fee', ({ assert }) => {
    // 85,0 − 81,3 = 3,7 points → 3 whole points → 3 %
    assert.deepEqual(serviceCredit(0.813, 0.85, 250_000_00n, rule), {
      points: 3,
      percent: 3,
      creditOre: 7_500_00n,
    })
    // just below: 84,99 % is not a whole point below
    assert.equal(serviceCredit(0.8499, 0.85, 250_000_00n, rule).creditOre, 0n)
  })

  test('the credit is capped at 10 %', ({ assert }) => {
    assert.deepEqual(serviceCredit(0.5, 0.85, 250_000_00n, rule), {
      points: 35,
      percent: 10,
      creditOre: 25_000_00n,
    })
  })

  test('the credit is rounded half-up to the öre', ({ assert }) => {
    assert.equal(serviceCredit(0.84, 0.85, 50n, rule).creditOre, 1n) // 0,5 öre → 1
  })

  test('reconciliation differences count only above the tolerance', ({ assert }) => {
    assert.isFalse(differs(1005n, 1000n, 0.5))
    assert.isTrue(differs(1006n, 1000n, 0.5))
    assert.isTrue(differs(994n, 1000n, 0.5))
    assert.isTrue(differs(1n, 0n, 0.5))
  })
})
