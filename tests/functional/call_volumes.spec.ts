import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { monthlyCallVolumes } from '#queries/calls/call_volumes'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

test.group('Call volumes on the office start page', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the months are reused until the daily aggregates change, and follow each change at once', async ({
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-09-10T08:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 7 },
      { hour: '2026-10-05T08:00:00Z', outcome: 'kopplat', waitBucket: 20, calls: 5 },
    ])
    const first = await monthlyCallVolumes(3, null)
    assert.deepEqual(first, [
      { month: '2026-10', calls: 5, transferred: 5, abandoned: 0 },
      { month: '2026-09', calls: 7, transferred: 0, abandoned: 0 },
    ])
    // a copy: a caller changing it does not change the next answer
    first[0].calls = 999
    assert.equal((await monthlyCallVolumes(3, null))[0].calls, 5)

    await insertCallAggregates([
      { hour: '2026-10-06T08:00:00Z', outcome: 'avbrutet', waitBucket: 20, calls: 2 },
      { hour: '2026-11-02T08:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 1 },
    ])
    assert.deepEqual(await monthlyCallVolumes(3, null), [
      { month: '2026-11', calls: 1, transferred: 0, abandoned: 0 },
      { month: '2026-10', calls: 7, transferred: 5, abandoned: 2 },
      { month: '2026-09', calls: 7, transferred: 0, abandoned: 0 },
    ])
    assert.lengthOf(await monthlyCallVolumes(2, null), 2)
  })
})
