import { test } from '@japa/runner'
import {
  formatScaled,
  normaliseHeader,
  parseDate,
  parseInteger,
  parseMonth,
  parseNumericString,
  parseOre,
  parsePhoneNumber,
  parseScaled,
} from '#domain/swedish_csv'

test.group('Swedish CSV fields / numbers', () => {
  test('decimal comma, decimal point and thousands separators give the same exact öre', ({
    assert,
  }) => {
    for (const text of [
      '1 234,50',
      '1234.5',
      '1234,50',
      '1\u00a0234,5',
      '1\u202f234,50',
      ' 1234,5 ',
    ]) {
      assert.deepEqual(parseOre(text), { ok: true, value: 123450n }, text)
    }
  })

  test('minus sign may be a hyphen or U+2212 as Excel and Intl write it', ({ assert }) => {
    assert.deepEqual(parseOre('−12,5'), { ok: true, value: -1250n })
    assert.deepEqual(parseOre('-12,5'), { ok: true, value: -1250n })
    assert.deepEqual(parseOre('-0,00'), { ok: true, value: 0n })
  })

  test('more decimals than the scale is an error, never a rounding', ({ assert }) => {
    const result = parseOre('12,345')
    assert.isFalse(result.ok)
    assert.match((result as { message: string }).message, /fler än 2 decimaler/)
    assert.deepEqual(parseScaled('3,9512', 4), { ok: true, value: 39512n })
    assert.isFalse(parseScaled('3,95123', 4).ok)
  })

  test('numeric strings for SQL keep every decimal exactly', ({ assert }) => {
    assert.deepEqual(parseNumericString('0,0001', 4), { ok: true, value: '0.0001' })
    assert.deepEqual(parseNumericString('−1 000', 4), { ok: true, value: '-1000.0000' })
    assert.equal(formatScaled(-5n, 2), '-0.05')
  })

  test('text that is not a number is rejected with a Swedish reason', ({ assert }) => {
    for (const text of ['12s', 'abc', '1,2,3', '--1', '1.234,5', ',']) {
      const result = parseOre(text)
      assert.isFalse(result.ok, text)
    }
    assert.deepEqual(parseOre(''), { ok: false, message: 'saknas' })
  })

  test('integers accept thousands separators and refuse decimals and negatives when asked', ({
    assert,
  }) => {
    assert.deepEqual(parseInteger('1 234'), { ok: true, value: 1234 })
    assert.deepEqual(parseInteger('12s'), { ok: false, message: 'är inte ett heltal' })
    assert.deepEqual(parseInteger('12,5'), { ok: false, message: 'är inte ett heltal' })
    assert.deepEqual(parseInteger('-3', { min: 0 }), {
      ok: false,
      message: 'får inte vara negativt',
    })
    assert.deepEqual(parseInteger('0', { min: 0 }), { ok: true, value: 0 })
  })
})

test.group('Swedish CSV fields / dates and text', () => {
  test('dates are ISO YYYY-MM-DD and must exist in the calendar', ({ assert }) => {
    assert.deepEqual(parseDate('2026-10-31'), { ok: true, value: '2026-10-31' })
    assert.deepEqual(parseDate('2024-02-29'), { ok: true, value: '2024-02-29' })
    assert.deepEqual(parseDate('2026-02-29'), { ok: false, message: 'är inget giltigt datum' })
    assert.deepEqual(parseDate('2009-13-01'), { ok: false, message: 'är inget giltigt datum' })
    assert.deepEqual(parseDate('31/10/2026'), {
      ok: false,
      message: 'är inte ett datum på formen ÅÅÅÅ-MM-DD',
    })
  })

  test('months are YYYY-MM', ({ assert }) => {
    assert.deepEqual(parseMonth('2026-10'), { ok: true, value: '2026-10' })
    assert.isFalse(parseMonth('2026-13').ok)
    assert.isFalse(parseMonth('okt 2026').ok)
  })

  test('header names match ignoring case, surrounding spaces and å/ä/ö accents', ({ assert }) => {
    assert.equal(normaliseHeader(' VÄNTETID '), normaliseHeader('Vantetid'))
    assert.equal(normaliseHeader('Aktiv  från'), normaliseHeader('aktiv fran'))
    assert.equal(normaliseHeader('Månad'), 'manad')
    assert.equal(normaliseHeader('Antal anställda'), normaliseHeader('ANTAL ANSTALLDA'))
  })

  test('telephone numbers are normalised to digits', ({ assert }) => {
    assert.deepEqual(parsePhoneNumber('08-508 123 45'), { ok: true, value: '0850812345' })
    assert.deepEqual(parsePhoneNumber('+46 8 508 110 00'), { ok: true, value: '0850811000' })
    assert.isFalse(parsePhoneNumber('08-ABC').ok)
  })
})
