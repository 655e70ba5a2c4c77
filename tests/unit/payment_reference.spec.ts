import { test } from '@japa/runner'
import { ocrReference, ocrReferenceValid } from '#domain/company_invoice'

/** Luhn written out the textbook way, independently of the code under test. */
function luhnSum(digits: string) {
  return [...digits]
    .reverse()
    .map(Number)
    .map((digit, index) => (index % 2 === 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit))
    .reduce((sum, value) => sum + value, 0)
}

test.group('OCR reference of a company invoice', () => {
  test('the invoice number digits, a length digit and a Luhn check digit (Bankgirot hard check)', ({
    assert,
  }) => {
    assert.equal(ocrReference('2026-00001'), '20260000110')
    for (const number of ['2026-00001', '2026-00042', '2027-12345', '2026-99999']) {
      const reference = ocrReference(number)
      assert.isTrue(reference.startsWith(number.replace('-', '')))
      assert.equal(reference.length, 11)
      assert.equal(Number(reference.at(-2)), reference.length % 10)
      assert.equal(luhnSum(reference) % 10, 0, reference)
      assert.isTrue(ocrReferenceValid(reference))
    }
  })

  test('a mistyped digit or a wrong length digit is caught', ({ assert }) => {
    const reference = ocrReference('2026-00042')
    const typo = reference.slice(0, 3) + ((Number(reference[3]) + 1) % 10) + reference.slice(4)
    assert.isFalse(ocrReferenceValid(typo))
    assert.isFalse(ocrReferenceValid(reference.slice(1)))
    assert.isFalse(ocrReferenceValid('abc'))
  })
})
