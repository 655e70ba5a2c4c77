/**
 * Finished documents (issue 15 point 6): the invoice and credit-note PDFs read back with
 * pdf.js (an independent reader, not the code that wrote them) carry a payment box, the
 * sender's contact, "Vår referens"/"Er referens", each line's exact basis, and an
 * administration settles ("Belopp att avräkna") where a company pays ("Att betala").
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { readFile } from 'node:fs/promises'
import { storagePath } from '#services/storage'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { ocrReference } from '#domain/company_invoice'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { controlLoopCity, invoicedMonth } from '#tests/helpers/control_loop_city'
import { pdfText as rawPdfText } from '#tests/helpers/pdf_text'
import { peppolViolations } from '#tests/helpers/peppol_rules'

/** The PDF's text with runs of spaces as one, so neighbouring cells read as a phrase. */
const pdfText = async (bytes: Uint8Array) => (await rawPdfText(bytes)).replace(/\s+/g, ' ')

const CONTACT = {
  'values[issuer_contact_name]': 'Eva Lindqvist',
  'values[issuer_contact_phone]': '08-508 290 00',
  'values[issuer_contact_email]': 'samordnare@stad.example',
  'values[issuer_bankgiro]': '5050-1055',
}

/** The period 2026-10 of the control-loop city, issued; the PDFs' text by organisation code. */
async function issuedCity() {
  const city = await controlLoopCity()
  await db.from('organisations').where('id', city.c.id).update({
    org_number: '556036-0793',
    postal_street: 'Box 1',
    postal_code: '111 22',
    postal_town: 'Staden',
    invoice_reference: 'Anna Berg, projekt 4711',
  })
  const invoices = await invoicedMonth(city, '2026-10')
  const texts: Record<string, string> = {}
  for (const invoice of invoices)
    texts[invoice.organisation] = await pdfText(await readFile(storagePath(invoice.pdf)))
  return { city, issued: invoices, texts }
}

test.group('Finished documents / invoice PDFs', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a company invoice has a payment box with bankgiro, OCR number, due date and the amount to pay', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form(CONTACT)
      .redirects(0)
    const { issued, texts } = await issuedCity()
    const company = issued.find((invoice) => invoice.organisation === 'BOLAG-C')!
    const text = texts['BOLAG-C']
    const row = await db.from('invoices').where('number', company.number).firstOrFail()
    assert.include(text, 'BANKGIRO 5050-1055')
    assert.include(text, `OCR-NUMMER ${ocrReference(company.number)}`)
    assert.include(text, `FÖRFALLODATUM ${row.due_date.toISOString().slice(0, 10)}`)
    assert.match(text, /Att betala \d/)
    assert.include(text, 'Ange OCR-numret när ni betalar')
    assert.notInclude(text, 'Belopp att avräkna')
    // our reference is the coordinator, theirs the register's invoice reference
    assert.include(text, 'Vår referens Eva Lindqvist')
    assert.include(text, 'Er referens Anna Berg, projekt 4711')
    // the footer: who sends it and how to reach them
    assert.include(text, 'Kontakt: Eva Lindqvist')
    assert.include(text, 'Telefon 08-508 290 00')
    assert.include(text, 'samordnare@stad.example')
    assert.include(text, 'Momsreg.nr SE212000014201')
  })

  test('an administration settles internally: "Belopp att avräkna", never "Att betala", no bankgiro or OCR', async ({
    assert,
  }) => {
    const { issued, texts } = await issuedCity()
    const administration = issued.find((invoice) => invoice.organisation === 'ADM-A')!
    const text = texts['ADM-A']
    assert.include(text, 'Internfaktura')
    assert.include(text, 'BETALNINGSSÄTT Intern avräkning')
    assert.include(text, `REFERENS ${administration.number}`)
    assert.match(text, /Belopp att avräkna \d/)
    assert.notInclude(text, 'Att betala')
    assert.notInclude(text, 'OCR')
    assert.notInclude(text, 'Bankgiro')
    // the shipped defaults until the coordinator sets them
    assert.include(text, 'Vår referens Samordnare gemensam växel')
  })

  test('each line prints its exact basis (count of total, share of the pool amount), not a rounded unit price', async ({
    assert,
  }) => {
    const { texts } = await issuedCity()
    // TELEFONIST 100 000 kr over 3 + 2 + 5 extensions
    assert.include(texts['ADM-A'], '3 av 10 anknytningar, andel av 100 000,00 kr 30 000,00 kr')
    assert.include(texts['ADM-B'], '2 av 10 anknytningar, andel av 100 000,00 kr 20 000,00 kr')
    assert.include(texts['BOLAG-C'], '5 av 10 anknytningar, andel av 100 000,00 kr 50 000,00 kr')
    // ETJANST 40 000 kr by headcount 300 + 100 (administrations only)
    assert.include(texts['ADM-A'], '300 av 400 anställda, andel av 40 000,00 kr 30 000,00 kr')
    for (const text of Object.values(texts)) assert.notInclude(text, '×')
  })

  test('credit notes: a company gets "Kreditbelopp" and is told not to pay, an administration still settles', async ({
    assert,
  }) => {
    const { issued } = await issuedCity()
    const pdfOf = async (number: string) => {
      const row = await db.from('invoices').where('number', number).firstOrFail()
      return pdfText(await readFile(storagePath(row.pdf_path)))
    }
    const company = issued.find((invoice) => invoice.organisation === 'BOLAG-C')!
    const companyRow = await db.from('invoices').where('number', company.number).firstOrFail()
    const credit = await creditInvoice(companyRow.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    const creditText = await pdfOf((credit as { number: string }).number)
    assert.include(creditText, 'Kreditfaktura')
    assert.include(creditText, `KREDITERAR FAKTURA ${company.number}`)
    assert.match(creditText, /Kreditbelopp -\d/)
    assert.include(creditText, 'betala inte in beloppet')
    assert.notInclude(creditText, 'Att betala')
    assert.include(creditText, '5 av 10 anknytningar, andel av 100 000,00 kr -50 000,00 kr')

    const administration = issued.find((invoice) => invoice.organisation === 'ADM-B')!
    const adminRow = await db.from('invoices').where('number', administration.number).firstOrFail()
    const adminCredit = await creditInvoice(adminRow.id, 'Fel ansvar', null)
    const adminText = await pdfOf((adminCredit as { number: string }).number)
    assert.match(adminText, /Belopp att avräkna -\d/)
    assert.include(adminText, 'BETALNINGSSÄTT Intern avräkning')
    assert.notInclude(adminText, 'Att betala')
  })

  test("a company invoice's e-invoice pays the way its PDF says: credit transfer to the bankgiro with the OCR number", async ({
    client,
    assert,
  }) => {
    const { city, issued } = await issuedCity()
    const company = issued.find((invoice) => invoice.organisation === 'BOLAG-C')!
    const row = await db.from('invoices').where('number', company.number).firstOrFail()
    const response = await client.get(`/fakturor/${row.id}/e-faktura`).loginAs(city.controller)
    response.assertStatus(200)
    const xml = response.text()
    assert.deepEqual(peppolViolations(xml), [])
    assert.include(
      xml,
      `<cac:PaymentMeans><cbc:PaymentMeansCode name="Bankgiro">30</cbc:PaymentMeansCode><cbc:PaymentID>${ocrReference(company.number)}</cbc:PaymentID>`
    )
    assert.include(xml, '<cbc:ID>50501055</cbc:ID>')
    assert.include(xml, '<cbc:ID>SE:BANKGIRO</cbc:ID>')
    // a credit note is not paid: no payment means
    const credit = await creditInvoice(row.id, 'Fel antal anknytningar', null)
    const note = await db
      .from('invoices')
      .where('number', (credit as { number: string }).number)
      .firstOrFail()
    const noteXml = await client.get(`/fakturor/${note.id}/e-faktura`).loginAs(city.controller)
    assert.notInclude(noteXml.text(), 'PaymentMeans')
  })

  test('a bankgiro or contact that is not well-formed is refused in Swedish on the settings page', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ 'values[issuer_bankgiro]': '50501055', 'values[issuer_contact_email]': 'eva' })
    assert.include(response.text(), 'Bankgiro som bolagen betalar till: skriv på formen 5050-1055.')
    assert.include(response.text(), 'skriv på formen vaxel@stad.example')
    const bankgiro = await db.from('settings').where('key', 'issuer_bankgiro').firstOrFail()
    assert.equal(bankgiro.value, '5050-1055')
    const page = await client.get('/administration/installningar').loginAs(coordinator)
    page.assertTextIncludes('Vår referens på fakturor (avsändarens kontaktperson)')
  })
})

test.group('Finished documents / reports', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("an organisation's monthly report says when it was made, like the supplier follow-up", async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const response = await client
      .get(`/samtal/2026-10/organisation/${organisation.id}`)
      .loginAs(user)
    response.assertStatus(200)
    const text = await pdfText(response.body() as unknown as Buffer)
    assert.include(text, 'Månadsrapport – oktober 2026')
    assert.match(text, /Skapad \d{4}-\d{2}-\d{2} \d{2}:\d{2}\./)
  })
})
