import { test } from '@japa/runner'
import { isIsoDate } from '#domain/periods'
import { MAX_PAGE, pageNumber, rowIdOrNull } from '#domain/query_values'

test.group('Hostile query values / page numbers', () => {
  test('a page is a whole number from 1 to the cap; anything else is the first page', ({
    assert,
  }) => {
    assert.equal(pageNumber('3'), 3)
    assert.equal(pageNumber(String(MAX_PAGE)), MAX_PAGE)
    for (const value of [
      undefined,
      '',
      '0',
      '-1',
      '-99999999999999999999',
      '1.5',
      'abc',
      '1e400',
      String(MAX_PAGE + 1),
      '99999999999999999999',
      ['2'],
    ])
      assert.equal(pageNumber(value), 1, String(value))
  })
})

test.group('Hostile query values / row ids', () => {
  test('an id is a whole number within PostgreSQL integer range (1 to 2 147 483 647), else none', ({
    assert,
  }) => {
    assert.equal(rowIdOrNull('1'), 1)
    assert.equal(rowIdOrNull('2147483647'), 2147483647)
    for (const value of [
      undefined,
      '',
      '0',
      '-1',
      '1.5',
      '1e3',
      '1e400',
      '2147483648',
      '99999999999999999999',
      'abc',
      ['1'],
    ])
      assert.isNull(rowIdOrNull(value), String(value))
  })
})

test.group('Hostile query values / dates', () => {
  test('an ISO date must exist in the calendar: 30 February and year 0 are no dates', ({
    assert,
  }) => {
    for (const date of ['2026-02-28', '2024-02-29', '2026-12-31', '0001-01-01', '9999-12-31'])
      assert.isTrue(isIsoDate(date), date)
    for (const date of [
      '2026-02-30',
      '2025-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '0000-01-01',
      '2026-1-01',
      '99999-01-01',
    ])
      assert.isFalse(isIsoDate(date), date)
  })
})
