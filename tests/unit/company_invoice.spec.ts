import { test } from '@japa/runner'
import {
  luhnValid,
  missingCompanyDetails,
  parseInvoiceEmail,
  parseOrganisationNumber,
  parsePostcode,
  parseVatNumber,
} from '#domain/company_invoice'

test.group('Company invoice details / organisation number', () => {
  test('an organisation number is normalised to NNNNNN-NNNN from the ways it is typed', ({
    assert,
  }) => {
    for (const typed of [
      '556036-0793',
      '5560360793',
      ' 556036 0793 ',
      '16556036-0793',
      '165560360793',
    ]) {
      assert.deepEqual(parseOrganisationNumber(typed), { ok: true, value: '556036-0793' }, typed)
    }
  })

  test('a wrong check digit (Luhn) is refused, naming the check digit; every other last digit fails', ({
    assert,
  }) => {
    for (let digit = 0; digit <= 9; digit++) {
      const result = parseOrganisationNumber(`556036-079${digit}`)
      if (digit === 3) assert.isTrue(result.ok)
      else
        assert.deepEqual(result, {
          ok: false,
          message: 'har fel kontrollsiffra (sista siffran stämmer inte)',
        })
    }
    assert.isTrue(luhnValid('2120000142'))
    assert.isFalse(luhnValid('2120000143'))
  })

  test('nine or eleven digits, letters, a personal-number century (19/20) or nothing are refused', ({
    assert,
  }) => {
    for (const typed of [
      '55603-60793',
      '556036-07931',
      'ABCDEF-GHIJ',
      '19556036-0793',
      '556036–0793',
    ]) {
      assert.deepEqual(
        parseOrganisationNumber(typed),
        { ok: false, message: 'ska skrivas NNNNNN-NNNN (tio siffror)' },
        typed
      )
    }
    assert.deepEqual(parseOrganisationNumber('  '), { ok: false, message: 'saknas' })
  })
})

test.group('Company invoice details / address, e-mail, VAT number', () => {
  test('a postcode is five digits, stored NNN NN', ({ assert }) => {
    assert.deepEqual(parsePostcode('10420'), { ok: true, value: '104 20' })
    assert.deepEqual(parsePostcode('104 20'), { ok: true, value: '104 20' })
    assert.isFalse(parsePostcode('1042').ok)
    assert.isFalse(parsePostcode('104 200').ok)
    assert.isFalse(parsePostcode('SE-104 20').ok)
  })

  test('an invoice e-mail is one address of at most 254 characters, stored in lower case', ({
    assert,
  }) => {
    assert.deepEqual(parseInvoiceEmail(' Faktura@Bolag.example '), {
      ok: true,
      value: 'faktura@bolag.example',
    })
    assert.isFalse(parseInvoiceEmail('faktura@bolag').ok)
    assert.isFalse(parseInvoiceEmail('a@b.se; c@d.se').ok)
    assert.isFalse(parseInvoiceEmail(`${'a'.repeat(250)}@b.se`).ok)
  })

  test('a VAT number is SE, a Luhn-valid organisation number and 01', ({ assert }) => {
    assert.deepEqual(parseVatNumber('SE212000014201'), { ok: true, value: 'SE212000014201' })
    assert.deepEqual(parseVatNumber('se 212000-0142 01'), { ok: true, value: 'SE212000014201' })
    assert.isFalse(parseVatNumber('SE212000014301').ok)
    assert.isFalse(parseVatNumber('SE212000014202').ok)
    assert.isFalse(parseVatNumber('212000014201').ok)
  })

  test('a company lacks what is empty (an address needs street, postcode and town); an administration lacks nothing', ({
    assert,
  }) => {
    const complete = {
      kind: 'bolag',
      orgNumber: '556036-0793',
      postalStreet: 'Box 1',
      postalCode: '104 20',
      postalTown: 'Staden',
      invoiceEmail: 'f@b.se',
    }
    assert.deepEqual(missingCompanyDetails(complete), [])
    assert.deepEqual(missingCompanyDetails({ ...complete, postalTown: null }), ['address'])
    assert.deepEqual(
      missingCompanyDetails({ ...complete, orgNumber: null, postalStreet: '', invoiceEmail: null }),
      ['orgNumber', 'address', 'invoiceEmail']
    )
    assert.deepEqual(
      missingCompanyDetails({
        ...complete,
        kind: 'forvaltning',
        orgNumber: null,
        postalStreet: null,
      }),
      []
    )
  })
})
