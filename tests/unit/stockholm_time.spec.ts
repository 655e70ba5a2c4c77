import { test } from '@japa/runner'
import { stockholmToUtc } from '#domain/stockholm_time'

const iso = (result: ReturnType<typeof stockholmToUtc>) =>
  'utcMs' in result ? new Date(result.utcMs).toISOString() : result.kind

test.group('Stockholm local time to UTC', () => {
  test('winter time is UTC+1 and summer time UTC+2', ({ assert }) => {
    assert.equal(iso(stockholmToUtc(2026, 1, 15, 9, 0, 0)), '2026-01-15T08:00:00.000Z')
    assert.equal(iso(stockholmToUtc(2026, 7, 1, 9, 0, 0)), '2026-07-01T07:00:00.000Z')
  })

  test('a time in the spring-forward gap does not exist', ({ assert }) => {
    // 2026-03-29: 02:00 → 03:00
    assert.equal(iso(stockholmToUtc(2026, 3, 29, 1, 59, 59)), '2026-03-29T00:59:59.000Z')
    assert.equal(stockholmToUtc(2026, 3, 29, 2, 0, 0).kind, 'gap')
    assert.equal(stockholmToUtc(2026, 3, 29, 2, 59, 59).kind, 'gap')
    assert.equal(iso(stockholmToUtc(2026, 3, 29, 3, 0, 0)), '2026-03-29T01:00:00.000Z')
  })

  test('a time in the repeated autumn hour is its first (summer-time) occurrence, marked ambiguous', ({
    assert,
  }) => {
    // 2026-10-25: 03:00 summer → 02:00 winter
    assert.equal(iso(stockholmToUtc(2026, 10, 25, 1, 59, 59)), '2026-10-24T23:59:59.000Z')
    const first = stockholmToUtc(2026, 10, 25, 2, 30, 0)
    assert.equal(first.kind, 'ambiguous')
    assert.equal(iso(first), '2026-10-25T00:30:00.000Z')
    assert.equal(iso(stockholmToUtc(2026, 10, 25, 3, 0, 0)), '2026-10-25T02:00:00.000Z')
  })

  test('the rule holds in other years (last Sundays of March and October)', ({ assert }) => {
    assert.equal(stockholmToUtc(2025, 3, 30, 2, 15, 0).kind, 'gap')
    assert.equal(stockholmToUtc(2024, 10, 27, 2, 15, 0).kind, 'ambiguous')
    assert.equal(stockholmToUtc(2027, 3, 28, 2, 15, 0).kind, 'gap')
  })
})
