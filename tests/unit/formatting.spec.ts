import { test } from '@japa/runner'
import { formatInteger, formatMonth, formatOre, formatWeekdayDateTime } from '#domain/formatting'

test.group('Swedish display formats', () => {
  test('öre are shown as kronor with space-grouped thousands and a decimal comma', ({ assert }) => {
    assert.equal(formatOre(123456789n), '1\u00a0234\u00a0567,89\u00a0kr')
    assert.equal(formatOre(5), '0,05\u00a0kr')
    assert.equal(formatOre(0n, { unit: false }), '0,00')
  })

  test('negative amounts use an ASCII hyphen so every PDF font prints them', ({ assert }) => {
    assert.equal(formatOre(-150050n), '-1\u00a0500,50\u00a0kr')
  })

  test('a meeting time names its weekday in the reader’s language, in Stockholm time', ({
    assert,
  }) => {
    // 23:30 UTC on a Tuesday is already Wednesday in Stockholm
    assert.equal(formatWeekdayDateTime(new Date('2027-02-09T23:30:00Z')), 'onsdag 2027-02-10 00:30')
    assert.equal(
      formatWeekdayDateTime(new Date('2027-02-09T23:30:00Z'), 'en'),
      'Wednesday 2027-02-10 00:30'
    )
    assert.equal(formatWeekdayDateTime(null), '')
  })

  test('months are written out in Swedish', ({ assert }) => {
    assert.equal(formatMonth('2026-10'), 'oktober 2026')
    assert.equal(formatMonth('2027-01'), 'januari 2027')
  })

  test('months are written out in the reader’s language: English for en, Swedish otherwise', ({
    assert,
  }) => {
    assert.equal(formatMonth('2026-10', 'en'), 'October 2026')
    assert.equal(formatMonth('2027-05', 'en'), 'May 2027')
    assert.equal(formatMonth('2026-10', 'sv'), 'oktober 2026')
  })

  test('integers are grouped by three', ({ assert }) => {
    assert.equal(formatInteger(1234567), '1\u00a0234\u00a0567')
    assert.equal(formatInteger(-1000), '-1\u00a0000')
  })
})
