import { test } from '@japa/runner'
import { ago, initials } from '#domain/relative_time'
import { relativeTime } from '#services/labels'

const NOW = new Date('2026-11-15T12:00:00Z')
const before = (seconds: number) => new Date(NOW.getTime() - seconds * 1000)

test.group('Relative time ("för 3 h sedan")', () => {
  test('each unit starts at its edge: under a minute is now, 60 s one minute, 60 min one hour, 24 h one day, 7 days the date', ({
    assert,
  }) => {
    assert.deepEqual(ago(before(59), NOW), { unit: 'now', count: 0 })
    assert.deepEqual(ago(before(60), NOW), { unit: 'minutes', count: 1 })
    assert.deepEqual(ago(before(59 * 60 + 59), NOW), { unit: 'minutes', count: 59 })
    assert.deepEqual(ago(before(3600), NOW), { unit: 'hours', count: 1 })
    assert.deepEqual(ago(before(24 * 3600 - 1), NOW), { unit: 'hours', count: 23 })
    assert.deepEqual(ago(before(24 * 3600), NOW), { unit: 'days', count: 1 })
    assert.deepEqual(ago(before(7 * 24 * 3600 - 1), NOW), { unit: 'days', count: 6 })
    assert.deepEqual(ago(before(7 * 24 * 3600), NOW), { unit: 'date', count: 0 })
  })

  test('the words in Swedish and English; a week or older is the Stockholm date', ({ assert }) => {
    assert.equal(relativeTime(before(3 * 3600), 'sv', NOW), 'för 3 h sedan')
    assert.equal(relativeTime(before(3 * 3600), 'en', NOW), '3 h ago')
    assert.equal(relativeTime(before(30), 'sv', NOW), 'nyss')
    assert.equal(relativeTime(before(24 * 3600), 'sv', NOW), 'i går')
    assert.equal(relativeTime(before(2 * 24 * 3600), 'sv', NOW), 'för 2 dagar sedan')
    // 2026-11-07 23:30 UTC is 2026-11-08 00:30 in Stockholm
    assert.equal(relativeTime(new Date('2026-11-07T23:30:00Z'), 'sv', NOW), '2026-11-08')
  })

  test('an avatar shows the first and last initial, upper case, and ? for no name', ({
    assert,
  }) => {
    assert.equal(initials('Anna-Karin Berg'), 'AB')
    assert.equal(initials('åsa  von   östberg'), 'ÅÖ')
    assert.equal(initials('Samordnare'), 'S')
    assert.equal(initials('  '), '?')
    assert.equal(initials(null), '?')
  })
})
