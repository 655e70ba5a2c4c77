/**
 * Attacker's pass over the month-end control loop (issue 13) and the e-invoice (ADR 0022):
 * what a contact, an outsider or hostile register text can make the e-invoice and the
 * month-end lists do. Each test is named after the rule it holds.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { XMLParser } from 'fast-xml-parser'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { ublDocument } from '#queries/invoices/ubl_document'
import { ublXml } from '#domain/ubl'
import { hasControlCharacter } from '#domain/plain_text'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { peppolViolations } from '#tests/helpers/peppol_rules'

/** XML 1.0's Char production: what a conforming parser accepts in a document at all. */
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u

/** One company's invoice for March 2032, issued; the company as given. */
async function issuedCompanyInvoice(company: Record<string, unknown> = {}) {
  const organisation = await OrganisationFactory.merge({
    code: 'ANFALL',
    name: 'AB Anfallet',
    kind: 'bolag',
    invoiceReference: 'Ref',
    orgNumber: '556036-0793',
    postalStreet: 'Box 1',
    postalCode: '111 22',
    postalTown: 'Staden',
    invoiceEmail: 'faktura@anfallet.example',
    ...company,
  }).create()
  const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
  await db.table('periods').insert({ period: '2032-03', status: 'approved' })
  const [allocation] = await db
    .table('allocations')
    .insert({
      period: '2032-03',
      cost_pool_id: pool.id,
      amount_ore: 1000_01,
      basis: 'extensions',
      key_date: '2031-10-31',
      total_weight: 1,
    })
    .returning('id')
  await db.table('allocation_shares').insert({
    allocation_id: allocation.id,
    organisation_id: organisation.id,
    weight: 1,
    amount_ore: 1000_01,
  })
  const issued = await issueInvoices('2032-03', null)
  if (!issued.ok) throw new Error(String(issued.error))
  const invoice = await db.from('invoices').where('number', issued.invoices[0].number).firstOrFail()
  return { organisation, invoice }
}

test.group('Month-end attack / e-invoice', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a Unicode noncharacter (U+FFFE, U+FFFF) is refused in single-line text like a control character', ({
    assert,
  }) => {
    assert.isTrue(hasControlCharacter('AB Anfallet\uffff'))
    assert.isTrue(hasControlCharacter('\ufffeAB'))
    assert.isFalse(hasControlCharacter('Åsa Öberg AB – 𝒜 ✓'))
  })

  test('the e-invoice is well-formed XML even when older register text holds a character XML forbids', async ({
    assert,
  }) => {
    const { organisation, invoice } = await issuedCompanyInvoice()
    // written before the input rule refused it (or straight into the database)
    await db
      .from('organisations')
      .where('id', organisation.id)
      .update({ name: 'AB Anfallet\uffff', postal_street: 'Box\ufffe 1' })
    const result = await ublDocument({ id: Number(invoice.id) })
    assert.isTrue(result.ok)
    const xml = ublXml((result as { ok: true; document: any }).document)
    assert.notMatch(xml, NOT_XML_CHAR)
    assert.deepEqual(peppolViolations(xml), [])
  })

  test('hostile but lawful Unicode in the buyer survives the e-invoice unchanged', async ({
    assert,
  }) => {
    const name = `Åke & Öberg <AB> "𝒜" 'x' =SUMMA(A1)`
    const { invoice } = await issuedCompanyInvoice({ name, postalStreet: 'Gränd ½ & 𝄞' })
    const result = await ublDocument({ id: Number(invoice.id) })
    const xml = ublXml((result as { ok: true; document: any }).document)
    assert.deepEqual(peppolViolations(xml), [])
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml)
    const buyer = parsed.Invoice['cac:AccountingCustomerParty']['cac:Party']
    assert.equal(buyer['cac:PartyLegalEntity']['cbc:RegistrationName'], name)
    assert.equal(buyer['cac:PostalAddress']['cbc:StreetName'], 'Gränd ½ & 𝄞')
  })

  test("a contact cannot download another organisation's e-invoice, nor learn that it exists", async ({
    client,
  }) => {
    const { invoice } = await issuedCompanyInvoice()
    const { user } = await createContact()
    const other = await client.get(`/fakturor/${invoice.id}/e-faktura`).loginAs(user)
    other.assertStatus(403)
    const outsider = await client.get(`/fakturor/${invoice.id}/e-faktura`).redirects(0)
    outsider.assertStatus(302)
  })

  test('an e-invoice id that is a string, huge or absent is a 404, never a server error', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    for (const id of ['abc', '99999999999999999999', '9007199254740993', '0', '-1', '1e3']) {
      const response = await client.get(`/fakturor/${id}/e-faktura`).loginAs(coordinator)
      response.assertStatus(404)
    }
  })

  test('a formula-like company name is text in the invoice list CSV', async ({
    client,
    assert,
  }) => {
    await issuedCompanyInvoice({ name: '=HYPERLINK("http://x.example";"klicka")' })
    const coordinator = await UserFactory.create()
    const response = await client.get('/listor/fakturor?period=2032-03').loginAs(coordinator)
    response.assertStatus(200)
    assert.include(response.text(), `'=HYPERLINK`)
    assert.notMatch(response.text(), /(^|;)"?=HYPERLINK/m)
  })

  test("a contact's invoice list never carries another organisation's invoice", async ({
    client,
    assert,
  }) => {
    await issuedCompanyInvoice()
    const { user } = await createContact()
    const response = await client.get('/listor/fakturor?period=2032-03').loginAs(user)
    response.assertStatus(200)
    assert.notInclude(response.text(), 'Anfallet')
    const adjustments = await client.get('/listor/justeringar?period=2032-03').loginAs(user)
    adjustments.assertStatus(200)
    assert.notInclude(adjustments.text(), 'Anfallet')
  })
})
