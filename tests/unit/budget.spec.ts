import { test } from '@japa/runner'
import {
  divideHalfAwayFromZero,
  feeChange,
  forecastAccuracy,
  forecastAsOf,
  forecastYear,
  t2Forecast,
  t2TotalForecast,
  trueUpAmount,
  trueUpGaps,
  type BudgetMonth,
} from '#domain/budget'

/** twelve months of `budget` öre, the first `closed` of them with the given actuals */
function year(budget: bigint, actuals: bigint[]): BudgetMonth[] {
  return Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    budgetOre: budget,
    actualOre: i < actuals.length ? actuals[i] : null,
  }))
}

test.group('Forecast for the year', () => {
  test('with the budget method the open months count at their budget', ({ assert }) => {
    const forecast = forecastYear(year(100_00n, [90_00n, 130_00n]), 'budget')
    assert.equal(forecast.methodUsed, 'budget')
    assert.equal(forecast.closedMonths, 2)
    assert.equal(forecast.actualToDateOre, 220_00n)
    assert.equal(forecast.budgetToDateOre, 200_00n)
    assert.equal(forecast.deviationToDateOre, 20_00n)
    assert.equal(forecast.restOre, 1000_00n)
    assert.equal(forecast.forecastOre, 1220_00n)
    assert.equal(forecast.forecastDeviationOre, 20_00n)
    assert.equal(forecast.months[0].deviationOre, -10_00n)
    assert.isNull(forecast.months[2].deviationOre)
  })

  test('run-rate carries the mean of the closed months, the odd öre to the earliest open months', ({
    assert,
  }) => {
    // 3 closed months of 100, 100, 101 öre: mean 100,33…; 9 open months → 903 öre
    const forecast = forecastYear(year(0n, [100n, 100n, 101n]), 'run_rate')
    assert.equal(forecast.methodUsed, 'run_rate')
    assert.equal(forecast.restOre, 903n)
    assert.deepEqual(
      forecast.months.slice(3).map((m) => m.forecastOre),
      [101n, 101n, 101n, 100n, 100n, 100n, 100n, 100n, 100n]
    )
    assert.equal(forecast.forecastOre, 1204n)
  })

  test('run-rate rounds the rest half away from zero', ({ assert }) => {
    // 7 closed months totalling 1 öre → 5/7 öre rest = 0,714 → 1 öre
    const up = forecastYear(year(0n, [1n, 0n, 0n, 0n, 0n, 0n, 0n]), 'run_rate')
    assert.equal(up.restOre, 1n)
    // 10 closed months totalling 5 öre → 2 open months: 1 öre exactly (half → away from zero)
    const half = forecastYear(year(0n, [5n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]), 'run_rate')
    assert.equal(half.restOre, 1n)
    // a credit (negative actual) rounds away from zero too
    const credit = forecastYear(year(0n, [-5n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]), 'run_rate')
    assert.equal(credit.restOre, -1n)
  })

  test('run-rate with no closed month falls back to the budget and says so', ({ assert }) => {
    const forecast = forecastYear(year(50_00n, []), 'run_rate')
    assert.equal(forecast.method, 'run_rate')
    assert.equal(forecast.methodUsed, 'budget')
    assert.equal(forecast.forecastOre, 600_00n)
  })

  test('a closed year is its actual whatever the method', ({ assert }) => {
    const actuals = Array.from({ length: 12 }, (_, i) => BigInt(i * 7))
    const budget = forecastYear(year(1n, actuals), 'budget')
    const runRate = forecastYear(year(1n, actuals), 'run_rate')
    assert.equal(budget.forecastOre, 462n)
    assert.equal(runRate.forecastOre, 462n)
    assert.equal(budget.restOre, 0n)
  })

  test('months missing from the budget count 0 and stay open', ({ assert }) => {
    const forecast = forecastYear([{ month: 3, budgetOre: 7n, actualOre: null }], 'budget')
    assert.lengthOf(forecast.months, 12)
    assert.equal(forecast.budgetYearOre, 7n)
    assert.equal(forecast.closedMonths, 0)
  })
})

test.group('True-up and fee change', () => {
  test('the true-up is what the pool cost less what it charged', ({ assert }) => {
    assert.equal(trueUpAmount(1_800_000_00n, 1_812_345_67n), 12_345_67n)
    assert.equal(trueUpAmount(1_800_000_00n, 1_799_999_99n), -1n)
    assert.equal(trueUpAmount(0n, 0n), 0n)
  })

  test('a true-up needs a fixed pool, an invoiced December, actual cost and no decision', ({
    assert,
  }) => {
    const ready = { fixed: true, decemberInvoiced: true, actualEntries: 3, decided: false }
    assert.deepEqual(trueUpGaps(ready), [])
    assert.deepEqual(trueUpGaps({ ...ready, fixed: false }), ['notFixed'])
    assert.deepEqual(trueUpGaps({ ...ready, decemberInvoiced: false }), ['decemberNotInvoiced'])
    assert.deepEqual(trueUpGaps({ ...ready, actualEntries: 0 }), ['noActualCost'])
    assert.deepEqual(trueUpGaps({ ...ready, decided: true }), ['alreadyDecided'])
  })

  test('the change of a fee is in öre and tenths of a percent, half away from zero', ({
    assert,
  }) => {
    assert.deepEqual(feeChange(1_050_00n, 1_000_00n), { changeOre: 50_00n, changePermille: 50n })
    // 1 öre on 2 000 öre = 0,05 % → 0,1 %
    assert.deepEqual(feeChange(2001n, 2000n), { changeOre: 1n, changePermille: 1n })
    assert.deepEqual(feeChange(1999n, 2000n), { changeOre: -1n, changePermille: -1n })
    assert.deepEqual(feeChange(500n, 0n), { changeOre: 500n, changePermille: null })
    assert.deepEqual(feeChange(500n, null), { changeOre: null, changePermille: null })
  })

  test('division rounds half away from zero', ({ assert }) => {
    assert.equal(divideHalfAwayFromZero(5n, 2n), 3n)
    assert.equal(divideHalfAwayFromZero(-5n, 2n), -3n)
    assert.equal(divideHalfAwayFromZero(4n, 3n), 1n)
    assert.throws(() => divideHalfAwayFromZero(1n, 0n))
  })
})

test.group('Forecast accuracy (prognossäkerhet at T2)', () => {
  const twelve = (actual: (bigint | null)[]) =>
    actual.map((actualOre, index) => ({ month: index + 1, budgetOre: 10_000_000n, actualOre }))

  test('the T2 forecast counts January–August as actual and the rest by the method, whatever is closed today', ({
    assert,
  }) => {
    const months = twelve([...Array(8).fill(10_050_000n), ...Array(4).fill(10_100_000n)])
    const byBudget = forecastAsOf(months, 'budget', 8)
    assert.equal(byBudget.forecastOre, 8n * 10_050_000n + 4n * 10_000_000n)
    assert.equal(byBudget.closedMonths, 8)
    const byRunRate = forecastAsOf(months, 'run_rate', 8)
    assert.equal(byRunRate.forecastOre, 12n * 10_050_000n)
  })

  test('accuracy is the forecast less the actual, in basis points of the actual, half away from zero', ({
    assert,
  }) => {
    // 120 400 000 against 120 800 000: -400 000 öre = -33,11 bp → -33
    assert.deepEqual(forecastAccuracy(120_400_000n, 120_800_000n), {
      deviationOre: -400_000n,
      deviationBp: -33n,
      withinTarget: true,
    })
    // 0,005 % rounds away from zero: 1 öre on 20 000 öre = 0,5 bp → 1
    assert.equal(forecastAccuracy(20_001n, 20_000n).deviationBp, 1n)
    assert.equal(forecastAccuracy(19_999n, 20_000n).deviationBp, -1n)
  })

  test('the ±1 % target is exact at its edge and needs no rounding', ({ assert }) => {
    assert.isTrue(forecastAccuracy(101n, 100n).withinTarget)
    assert.isTrue(forecastAccuracy(99n, 100n).withinTarget)
    assert.isFalse(forecastAccuracy(10_101n, 10_000n).withinTarget)
    // 1,004 % rounds to 100 bp but is outside the target
    assert.equal(forecastAccuracy(100_000n + 1_004n, 100_000n).deviationBp, 100n)
    assert.isFalse(forecastAccuracy(100_000n + 1_004n, 100_000n).withinTarget)
  })

  test('an actual of zero has no ratio: within target only for a zero forecast', ({ assert }) => {
    assert.deepEqual(forecastAccuracy(0n, 0n), {
      deviationOre: 0n,
      deviationBp: null,
      withinTarget: true,
    })
    assert.isFalse(forecastAccuracy(1n, 0n).withinTarget)
  })
})

test.group('Which T2 forecast the accuracy is judged on (frozen at the locking of August)', () => {
  test('a forecast frozen when August was locked is used over the recomputed one, and says so naming the August', ({
    assert,
  }) => {
    assert.deepEqual(t2Forecast(2026, 120_400_000n, 120_900_000n), {
      forecastOre: 120_400_000n,
      source: 'frozen',
      label: { code: 'reports.t2Frozen', params: { month: { month: '2026-08' } } },
    })
  })

  test('without a frozen forecast (a year before the feature, August not yet locked) the recomputed one is used, labelled as computed afterwards', ({
    assert,
  }) => {
    assert.deepEqual(t2Forecast(2025, null, 120_900_000n), {
      forecastOre: 120_900_000n,
      source: 'recomputed',
      label: { code: 'reports.t2Recomputed' },
    })
  })

  test('neither frozen nor computable (January–August not closed): no T2 forecast', ({
    assert,
  }) => {
    assert.isNull(t2Forecast(2026, null, null))
  })

  test('a frozen forecast counts even when today January–August could not be recomputed', ({
    assert,
  }) => {
    assert.equal(t2Forecast(2026, 5n, null)?.source, 'frozen')
  })

  test('the total is frozen only when every pool is, and is the sum of their frozen figures', ({
    assert,
  }) => {
    const frozen = t2Forecast(2026, 100n, 999n)
    const frozenToo = t2Forecast(2026, 23n, 1n)
    assert.deepEqual(t2TotalForecast(2026, [frozen, frozenToo]), {
      forecastOre: 123n,
      source: 'frozen',
      label: { code: 'reports.t2Frozen', params: { month: { month: '2026-08' } } },
    })
    // a pool added after T2 has no frozen figure: the total is partly computed afterwards
    const mixed = t2TotalForecast(2026, [frozen, t2Forecast(2026, null, 7n)])
    assert.deepEqual(mixed, {
      forecastOre: 107n,
      source: 'recomputed',
      label: { code: 'reports.t2Recomputed' },
    })
    // a pool without any T2 forecast leaves the total without one
    assert.isNull(t2TotalForecast(2026, [frozen, null]))
  })
})
