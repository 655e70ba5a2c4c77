import { test } from '@japa/runner'
import { ublAmount, ublXml, xmlText, type UblDocument } from '#domain/ubl'
import { peppolViolations } from '#tests/helpers/peppol_rules'

const seller = {
  name: 'Serviceförvaltningen, Kontaktcenter – gemensam växel',
  orgNumber: '212000-0142',
  vatNumber: 'SE212000014201',
  street: 'Box 8314',
  postalCode: '104 20',
  town: 'Staden',
}
const buyer = {
  name: 'AB Hem & Hus <Fastigheter>',
  orgNumber: '556036-0793',
  street: 'Box 123',
  postalCode: '111 22',
  town: 'Staden',
  email: 'faktura@hembolaget.example',
}

/** An invoice of 3 lines, one a negative adjustment: 1 000,01 + 250,00 − 0,37 = 1 249,64 net. */
const INVOICE: UblDocument = {
  kind: 'invoice',
  number: '2026-00003',
  issueDate: '2026-11-05',
  dueDate: '2026-12-05',
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  buyerReference: 'Telefoni HEM',
  credited: null,
  note: null,
  paymentTerms: 'Betalas till bankgiro 5050-1055 med fakturanumret som referens.',
  seller,
  buyer,
  vatPercent: 25,
  netOre: 124964n,
  vatOre: 31241n,
  totalOre: 156205n,
  lines: [
    { name: 'Telefonisttjänst', description: '62 av 11 170 anknytningar', amountOre: 100001n },
    { name: 'Samordning gemensam växel', description: null, amountOre: 25000n },
    { name: 'Justering september 2026 – Telefonisttjänst', description: null, amountOre: -37n },
  ],
}

const CREDIT_NOTE: UblDocument = {
  ...INVOICE,
  kind: 'credit',
  number: '2026-00007',
  dueDate: null,
  credited: { number: '2026-00003', issueDate: '2026-11-05' },
  note: 'Fel antal anknytningar',
  paymentTerms: null,
  netOre: 100001n,
  vatOre: 25000n,
  totalOre: 125001n,
  lines: [{ name: 'Telefonisttjänst', description: null, amountOre: 100001n }],
}

test.group('E-invoice (Peppol BIS Billing 3 UBL)', () => {
  test('an amount in öre is written with two decimals and a point, negative with a minus', ({
    assert,
  }) => {
    assert.deepEqual([0n, 5n, -5n, 100n, 123456n, -37n, 1234567890123n].map(ublAmount), [
      '0.00',
      '0.05',
      '-0.05',
      '1.00',
      '1234.56',
      '-0.37',
      '12345678901.23',
    ])
  })

  test('text is escaped for XML, so a name with & < > " \' stays one text node', ({ assert }) => {
    assert.equal(xmlText(`A & B <C> "d" 'e'`), 'A &amp; B &lt;C&gt; &quot;d&quot; &apos;e&apos;')
    assert.include(ublXml(INVOICE), 'AB Hem &amp; Hus &lt;Fastigheter&gt;')
  })

  test('a company invoice with a negative adjustment line keeps every checked rule', ({
    assert,
  }) => {
    const xml = ublXml(INVOICE)
    assert.deepEqual(peppolViolations(xml), [])
    assert.include(xml, '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>')
    // the negative line: quantity −1 at a positive price (BR-27)
    assert.include(
      xml,
      '<cbc:InvoicedQuantity unitCode="C62">-1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="SEK">-0.37</cbc:LineExtensionAmount>'
    )
    assert.include(xml, '<cbc:PriceAmount currencyID="SEK">0.37</cbc:PriceAmount>')
    assert.include(xml, '<cbc:EndpointID schemeID="0007">5560360793</cbc:EndpointID>')
    assert.include(xml, '<cbc:PayableAmount currencyID="SEK">1562.05</cbc:PayableAmount>')
  })

  test('a credit note is a CreditNote (381) with positive amounts naming the invoice it credits', ({
    assert,
  }) => {
    const xml = ublXml(CREDIT_NOTE)
    assert.deepEqual(peppolViolations(xml), [])
    assert.match(
      xml,
      /^<\?xml[^>]*>\n<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/
    )
    assert.include(xml, '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>')
    assert.include(
      xml,
      '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>2026-00003</cbc:ID>'
    )
    assert.notInclude(xml, '<cbc:DueDate>')
    assert.include(xml, '<cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>')
  })

  test('the rule check can fail: wrong totals, VAT, a negative price, a bad VAT number, a missing reference', ({
    assert,
  }) => {
    assert.includeMembers(peppolViolations(ublXml({ ...INVOICE, netOre: 124965n })), [
      'BR-CO-10',
      'BR-CO-15',
    ])
    assert.includeMembers(peppolViolations(ublXml({ ...INVOICE, vatOre: 31240n })), [
      'BR-CO-15',
      'BR-CO-17',
    ])
    const swapped = ublXml(INVOICE).replace(
      '>-1</cbc:InvoicedQuantity>',
      '>1</cbc:InvoicedQuantity>'
    )
    assert.include(
      peppolViolations(swapped.replace('>0.37</cbc:PriceAmount>', '>-0.37</cbc:PriceAmount>')),
      'BR-27'
    )
    assert.include(peppolViolations(swapped), 'PEPPOL-EN16931-R120')
    assert.include(
      peppolViolations(ublXml({ ...INVOICE, seller: { ...seller, vatNumber: 'SE2120000142' } })),
      'SE-R-001'
    )
    assert.include(
      peppolViolations(ublXml({ ...INVOICE, buyer: { ...buyer, orgNumber: '556036-0794' } })),
      'SE-R-003'
    )
    assert.include(
      peppolViolations(ublXml({ ...INVOICE, buyerReference: '' })),
      'PEPPOL-EN16931-R003'
    )
    assert.include(
      peppolViolations(ublXml({ ...CREDIT_NOTE, credited: null })),
      'VX-CREDITED-INVOICE'
    )
    const reordered = ublXml(INVOICE).replace(
      /(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)(<cbc:DueDate>[^<]*<\/cbc:DueDate>)/,
      '$2$1'
    )
    assert.include(peppolViolations(reordered), 'UBL-ORDER')
  })
})
