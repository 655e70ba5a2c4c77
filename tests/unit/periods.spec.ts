import { test } from '@japa/runner'
import { SNAPSHOT_DAYS_AHEAD, addDays, isTooFarAhead, isoDayOf } from '#domain/periods'

test.group('ISO dates: one conversion', () => {
  test('a form date becomes the ISO date of the day typed, at the edges of months and years', ({
    assert,
  }) => {
    assert.equal(isoDayOf(new Date(2026, 0, 1)), '2026-01-01')
    assert.equal(isoDayOf(new Date(2025, 11, 31)), '2025-12-31')
    assert.equal(isoDayOf(new Date(2028, 1, 29)), '2028-02-29')
    assert.equal(isoDayOf(new Date(2026, 9, 9, 23, 59, 59)), '2026-10-09')
  })

  test('adding days crosses months, years and leap days; negative days go back', ({ assert }) => {
    assert.equal(addDays('2026-01-31', 1), '2026-02-01')
    assert.equal(addDays('2025-12-31', 1), '2026-01-01')
    assert.equal(addDays('2028-02-28', 1), '2028-02-29')
    assert.equal(addDays('2027-02-28', 1), '2027-03-01')
    assert.equal(addDays('2026-03-01', -1), '2026-02-28')
    assert.equal(addDays('2026-10-31', 30), '2026-11-30')
    assert.equal(addDays('2026-10-31', 0), '2026-10-31')
  })
})

test.group('Periods / how far ahead a snapshot may be dated', () => {
  test('up to a year ahead of today is a plausible snapshot date; a day more, or 9999-12-31, is not', ({
    assert,
  }) => {
    assert.isFalse(isTooFarAhead('2026-12-03', '2026-12-03'))
    assert.isFalse(isTooFarAhead(addDays('2026-12-03', SNAPSHOT_DAYS_AHEAD), '2026-12-03'))
    assert.isTrue(isTooFarAhead(addDays('2026-12-03', SNAPSHOT_DAYS_AHEAD + 1), '2026-12-03'))
    assert.isTrue(isTooFarAhead('9999-12-31', '2026-12-03'))
    assert.isFalse(isTooFarAhead('2001-01-01', '2026-12-03'))
  })
})
