import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { monthQuality, trend13Months } from '#queries/quality/month_quality'
import { cachedQuality } from '#queries/quality/quality_cache'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

test.group('Reused quality figures', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('month figures are reused only until calls, statistics or targets change', async ({
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-08-03T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 10 },
    ])
    assert.equal((await monthQuality('2026-08')).figures.offered, 10)
    assert.equal((await monthQuality('2026-08')).figures.offered, 10)

    await insertCallAggregates([
      { hour: '2026-08-04T07:00:00Z', outcome: 'avbrutet', waitBucket: 90, calls: 5 },
    ])
    assert.equal((await monthQuality('2026-08')).figures.offered, 15)
    assert.equal((await trend13Months('2026-08')).at(-1)?.offered, 15)

    // a target that changes: the same calls, another threshold in force
    const before = (await monthQuality('2026-08')).targets.targetSeconds
    await db.from('quality_targets').update({ target_seconds: before + 30 })
    assert.equal((await monthQuality('2026-08')).targets.targetSeconds, before + 30)
  })

  test('a change rolled back elsewhere never makes an earlier result look current', async ({
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-08-03T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 7 },
    ])
    await db.transaction(async (trx) => {
      await trx.rawQuery(
        `INSERT INTO call_daily (day, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost) VALUES ('2026-08-05', '0850811000', 'besvarat', 20, 100, 0, 0, 0)`
      )
      await trx.rollback()
    })
    assert.equal((await monthQuality('2026-08')).figures.offered, 7)
  })

  test('callers get a copy: changing a result does not change the next one', async ({ assert }) => {
    await insertCallAggregates([
      { hour: '2026-08-03T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 3 },
    ])
    const first = await monthQuality('2026-08')
    first.warnings.push('ändrad av anroparen')
    first.days.length = 0
    const second = await monthQuality('2026-08')
    assert.deepEqual(second.warnings, [])
    assert.lengthOf(second.days, 1)
  })

  test('a figure is computed once per data state and reused until calls, statistics or targets change', async ({
    assert,
  }) => {
    let computed = 0
    const compute = async () => ({ run: ++computed })
    const key = `reuse-proof-${Date.now()}`
    assert.deepEqual(await cachedQuality(key, compute), { run: 1 })
    assert.deepEqual(await cachedQuality(key, compute), { run: 1 })
    assert.deepEqual(await cachedQuality(key, compute), { run: 1 })
    assert.equal(computed, 1, 'reused, not computed again')

    // new calls: a new data state, computed once more and then reused again
    await insertCallAggregates([
      { hour: '2026-08-06T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 1 },
    ])
    assert.deepEqual(await cachedQuality(key, compute), { run: 2 })
    assert.deepEqual(await cachedQuality(key, compute), { run: 2 })

    // a changed target is a change too
    await db.from('quality_targets').update({ note: 'ändrad' })
    assert.deepEqual(await cachedQuality(key, compute), { run: 3 })
    assert.equal(computed, 3)
  })

  test('hourly and daily test rows add up alike: the same key twice counts both', async ({
    assert,
  }) => {
    const row = {
      hour: '2026-08-07T07:00:00Z',
      outcome: 'besvarat',
      waitBucket: 20,
      calls: 2,
    } as const
    await insertCallAggregates([row, row])
    const hourly = await db
      .from('call_hourly')
      .where('hour', row.hour)
      .sum('calls as calls')
      .first()
    const daily = await db
      .from('call_daily')
      .where('day', '2026-08-07')
      .sum('calls as calls')
      .first()
    assert.equal(Number(hourly.calls), 4)
    assert.equal(Number(daily.calls), 4)
  })
})
