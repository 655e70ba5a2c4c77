import { test } from '@japa/runner'
import {
  creditTotals,
  invoiceTotals,
  vatOre,
  vatRateFor,
  vatRateFromSetting,
} from '#domain/invoice_totals'

const NOTHING_CREDITED = { netOre: 0n, vatOre: 0n }

test.group('Invoice totals: VAT decided and rounded in one place', () => {
  test('VAT is rounded half-up to the öre at the half-öre edge', ({ assert }) => {
    assert.equal(vatOre(10_000n, 25n), 2_500n)
    assert.equal(vatOre(2n, 25n), 1n) // 0,50 öre → 1
    assert.equal(vatOre(1n, 25n), 0n) // 0,25 öre → 0
    assert.equal(vatOre(6n, 25n), 2n) // 1,50 öre → 2
    assert.equal(vatOre(5n, 25n), 1n) // 1,25 öre → 1
    assert.equal(vatOre(7n, 25n), 2n) // 1,75 öre → 2
    assert.equal(vatOre(123_457n, 25n), 30_864n) // 30 864,25 öre → 30 864
    assert.equal(vatOre(123_458n, 25n), 30_865n) // 30 864,50 öre → 30 865
    assert.equal(vatOre(1n, 12n), 0n) // 0,12 öre → 0
    assert.equal(vatOre(5n, 10n), 1n) // 0,50 öre → 1
    assert.equal(vatOre(0n, 25n), 0n)
  })

  test('a negative net (a credit) rounds away from zero, mirroring the invoice', ({ assert }) => {
    assert.equal(vatOre(-2n, 25n), -1n)
    assert.equal(vatOre(-1n, 25n), 0n)
    assert.equal(vatOre(-123_458n, 25n), -30_865n)
  })

  test('VAT stays exact beyond what a float holds', ({ assert }) => {
    // 2^53 + 2 öre: a float would lose the last öre
    assert.equal(vatOre(9_007_199_254_740_994n, 25n), 2_251_799_813_685_249n)
  })

  test('a company pays the setting rate, an administration none', ({ assert }) => {
    assert.equal(vatRateFor('bolag', 25), 25)
    assert.equal(vatRateFor('forvaltning', 25), 0)
    assert.deepEqual(invoiceTotals(123_458n, 'bolag', 25), {
      vatRatePercent: 25,
      netOre: 123_458n,
      vatOre: 30_865n,
      totalOre: 154_323n,
    })
    assert.deepEqual(invoiceTotals(123_458n, 'forvaltning', 25), {
      vatRatePercent: 0,
      netOre: 123_458n,
      vatOre: 0n,
      totalOre: 123_458n,
    })
    // the rate is the setting's: a changed setting changes the next invoice
    assert.equal(invoiceTotals(10_000n, 'bolag', 12).vatOre, 1_200n)
  })

  test('a whole credit takes back exactly the original VAT', ({ assert }) => {
    const original = { netOre: 123_458n, vatOre: 30_865n, vatRatePercent: 25 }
    assert.deepEqual(creditTotals(-123_458n, original, NOTHING_CREDITED), {
      vatRatePercent: 25,
      netOre: -123_458n,
      vatOre: -30_865n,
      totalOre: -154_323n,
    })
  })

  test('a partial credit takes the VAT of what is credited so far, less what was taken back before', ({
    assert,
  }) => {
    // two lines of 1 öre each: the invoice had 1 öre VAT on 2 öre; one line back has 0
    const tiny = { netOre: 2n, vatOre: 1n, vatRatePercent: 25 }
    assert.equal(creditTotals(-1n, tiny, NOTHING_CREDITED).vatOre, 0n)
    assert.equal(creditTotals(-2n, tiny, NOTHING_CREDITED).vatOre, -1n)
  })

  test('credited line by line, an invoice gives back exactly its VAT: two lines of 1,02 kr carry 0,51 kr', ({
    assert,
  }) => {
    const original = { netOre: 204n, vatOre: 51n, vatRatePercent: 25 }
    const first = creditTotals(-102n, original, NOTHING_CREDITED)
    // 25 % of 1,02 kr is 0,255 kr: the first line back takes 0,26 kr (half-up) …
    assert.equal(first.vatOre, -26n)
    // … and the last one what is left of the 0,51 kr, not another 0,26 kr
    const last = creditTotals(-102n, original, { netOre: -102n, vatOre: first.vatOre })
    assert.equal(last.vatOre, -25n)
    assert.equal(first.vatOre + last.vatOre, -51n)
    // three lines of 0,01 kr: 0,00 + 0,01 + 0,00 back of the invoice's 0,01 kr
    const three = { netOre: 3n, vatOre: 1n, vatRatePercent: 25 }
    const one = creditTotals(-1n, three, NOTHING_CREDITED)
    const two = creditTotals(-1n, three, { netOre: -1n, vatOre: one.vatOre })
    const rest = creditTotals(-1n, three, { netOre: -2n, vatOre: one.vatOre + two.vatOre })
    assert.deepEqual([one.vatOre, two.vatOre, rest.vatOre], [0n, -1n, 0n])
  })

  test('the rate setting must be a whole percent 0–100; none is not defaulted', ({ assert }) => {
    assert.equal(vatRateFromSetting('25'), 25)
    assert.equal(vatRateFromSetting('0'), 0)
    assert.equal(vatRateFromSetting('100'), 100)
    assert.throws(() => vatRateFromSetting(undefined))
    assert.throws(() => vatRateFromSetting('101'))
    assert.throws(() => vatRateFromSetting('12.5'))
    assert.throws(() => vatRateFromSetting(''))
  })
})
