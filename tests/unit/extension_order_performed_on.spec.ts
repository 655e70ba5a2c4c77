/**
 * When an extension order may be marked done (issue 16 acceptance check): not in the
 * future, and not before the day it was placed (Stockholm time).
 */
import { test } from '@japa/runner'
import { performedOnRefusal } from '#domain/extension_orders'

test.group('Extension orders / the performed date', () => {
  // placed 2026-12-03 08:30 in Stockholm (07:30 UTC); today 2026-12-20
  const placedAt = new Date('2026-12-03T07:30:00Z')
  const today = '2026-12-20'

  test('a performed date before the day the order was placed is refused, naming that day', ({
    assert,
  }) => {
    assert.deepEqual(performedOnRefusal('2026-11-01', { placedAt, today }), {
      error: 'beforeOrdered',
      params: { date: '2026-12-03' },
    })
    assert.deepEqual(performedOnRefusal('2026-12-02', { placedAt, today }), {
      error: 'beforeOrdered',
      params: { date: '2026-12-03' },
    })
  })

  test('the day the order was placed and today are accepted; tomorrow is in the future', ({
    assert,
  }) => {
    assert.isNull(performedOnRefusal('2026-12-03', { placedAt, today }))
    assert.isNull(performedOnRefusal('2026-12-20', { placedAt, today }))
    assert.deepEqual(performedOnRefusal('2026-12-21', { placedAt, today }), {
      error: 'performedInFuture',
    })
  })

  test('the order day is the Stockholm day: placed 23:30 UTC on 2 December is 3 December', ({
    assert,
  }) => {
    const lateEvening = new Date('2026-12-02T23:30:00Z')
    assert.deepEqual(performedOnRefusal('2026-12-02', { placedAt: lateEvening, today }), {
      error: 'beforeOrdered',
      params: { date: '2026-12-03' },
    })
    assert.isNull(performedOnRefusal('2026-12-03', { placedAt: lateEvening, today }))
  })

  test('an order is not done before the day it was sent to the supplier (Stockholm day), naming that day', ({
    assert,
  }) => {
    // sent 2026-12-09 23:30 UTC: 10 December in Stockholm
    const sentAt = new Date('2026-12-09T23:30:00Z')
    assert.deepEqual(performedOnRefusal('2026-12-09', { placedAt, sentAt, today }), {
      error: 'beforeSent',
      params: { date: '2026-12-10' },
    })
    assert.isNull(performedOnRefusal('2026-12-10', { placedAt, sentAt, today }))
  })
})
