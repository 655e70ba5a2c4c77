/**
 * The e-invoice (issue 16, point 2): each company invoice and credit note also as Peppol BIS
 * Billing 3 UBL, downloadable by whoever may download its PDF and written by
 * `invoices:ubl NUMBER --out=FILE`; its amounts, VAT, parties and references are the PDF's.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { storage } from '#services/storage'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { pdfText } from '#tests/helpers/pdf_text'
import { aceJson } from '#tests/helpers/control_loop_city'
import { ore, peppolViolations } from '#tests/helpers/peppol_rules'
import { issuedFebruary2031 } from '#tests/helpers/month_end_fixtures'

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (n) => n.endsWith('Line'),
  }).parse(xml)

/** February 2031: the company's 1 234,56 kr and the administration's 2 000,00 kr, issued. */
async function issuedFebruary() {
  const company = await OrganisationFactory.merge({
    code: 'HEMBOLAG',
    name: 'AB Hembolaget',
    kind: 'bolag',
    invoiceReference: 'Anna Ref',
    orgNumber: '556036-0793',
    postalStreet: 'Box 123',
    postalCode: '111 22',
    postalTown: 'Staden',
    invoiceEmail: 'faktura@hembolaget.example',
  }).create()
  const administration = await OrganisationFactory.merge({ code: 'SDF-NORR' }).create()
  return { company, administration, ...(await issuedFebruary2031(company, administration)) }
}

async function pdfOf(path: string) {
  return (await pdfText((await storage().read(path))!)).replace(/\s+/g, ' ')
}

test.group('E-invoice / download and command', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("a company invoice's e-invoice keeps the checked Peppol rules and says what its PDF says", async ({
    client,
    assert,
  }) => {
    const { companyInvoice } = await issuedFebruary()
    const coordinator = await UserFactory.create()
    const response = await client
      .get(`/fakturor/${companyInvoice.id}/e-faktura`)
      .loginAs(coordinator)
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^application\/xml/)
    assert.include(response.header('content-disposition'), `${companyInvoice.number}.xml`)
    const xml = response.text()
    assert.deepEqual(peppolViolations(xml), [])

    const invoice = parse(xml).Invoice
    assert.equal(invoice['cbc:ID'], companyInvoice.number)
    assert.equal(invoice['cbc:BuyerReference'], 'Anna Ref')
    assert.deepEqual(invoice['cac:InvoicePeriod'], {
      'cbc:StartDate': '2031-02-01',
      'cbc:EndDate': '2031-02-28',
    })
    const totals = invoice['cac:LegalMonetaryTotal']
    assert.equal(ore(totals['cbc:TaxExclusiveAmount']), BigInt(companyInvoice.net_ore))
    assert.equal(ore(invoice['cac:TaxTotal']['cbc:TaxAmount']), BigInt(companyInvoice.vat_ore))
    assert.equal(ore(totals['cbc:PayableAmount']), BigInt(companyInvoice.total_ore))
    const buyer = invoice['cac:AccountingCustomerParty']['cac:Party']
    assert.equal(buyer['cac:PartyLegalEntity']['cbc:RegistrationName'], 'AB Hembolaget')
    assert.equal(buyer['cac:PartyLegalEntity']['cbc:CompanyID']['#text'], '5560360793')
    const seller = invoice['cac:AccountingSupplierParty']['cac:Party']
    assert.equal(seller['cac:PartyTaxScheme']['cbc:CompanyID'], 'SE212000014201')

    // the same figures, parties and references on the PDF
    const pdf = await pdfOf(companyInvoice.pdf_path)
    assert.include(pdf, `Fakturanummer ${companyInvoice.number}`)
    assert.include(pdf, 'Belopp exkl. moms (beskattningsunderlag) 1 234,56 kr')
    assert.include(pdf, 'Moms 25 % 308,64 kr')
    assert.include(pdf, 'Att betala 1 543,20 kr')
    assert.include(pdf, 'Org.nr 556036-0793')
    assert.include(pdf, 'Momsreg.nr SE212000014201')
    assert.deepEqual([ore(totals['cbc:TaxInclusiveAmount'])], [154320n])
    assert.lengthOf(invoice['cac:InvoiceLine'], 1)
    assert.include(pdf, invoice['cac:InvoiceLine'][0]['cac:Item']['cbc:Name'])
  })

  test('a credit note is a CreditNote naming the invoice it credits, with its amounts positive', async ({
    client,
    assert,
  }) => {
    const { companyInvoice } = await issuedFebruary()
    const credit = await creditInvoice(companyInvoice.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    const note = await db
      .from('invoices')
      .where('credits_invoice_id', companyInvoice.id)
      .firstOrFail()
    const response = await client
      .get(`/fakturor/${note.id}/e-faktura`)
      .loginAs(await UserFactory.apply('controller').create())
    response.assertStatus(200)
    assert.deepEqual(peppolViolations(response.text()), [])
    const document = parse(response.text()).CreditNote
    assert.equal(document['cbc:CreditNoteTypeCode'], '381')
    assert.equal(document['cbc:Note'], 'Fel antal anknytningar')
    assert.equal(
      document['cac:BillingReference']['cac:InvoiceDocumentReference']['cbc:ID'],
      companyInvoice.number
    )
    assert.equal(
      ore(document['cac:LegalMonetaryTotal']['cbc:PayableAmount']),
      -BigInt(note.total_ore)
    )
    assert.equal(ore(document['cac:LegalMonetaryTotal']['cbc:PayableAmount']), 154320n)
  })

  test("a company's contact downloads its e-invoice, another organisation's contact gets 403, an internal invoice has none (409 in Swedish)", async ({
    client,
    assert,
  }) => {
    const { company, administration, companyInvoice, administrationInvoice } =
      await issuedFebruary()
    const own = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: company.id,
    }).create()
    const other = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: administration.id,
    }).create()
    const url = `/fakturor/${companyInvoice.id}/e-faktura`
    ;(await client.get(url).loginAs(own)).assertStatus(200)
    ;(await client.get(url).loginAs(other)).assertStatus(403)
    const internal = await client
      .get(`/fakturor/${administrationInvoice.id}/e-faktura`)
      .loginAs(await UserFactory.create())
    internal.assertStatus(409)
    assert.include(internal.text(), 'internfakturor har ingen e-faktura')
    ;(await client.get('/fakturor/2147483647/e-faktura').loginAs(own)).assertStatus(404)
    const list = await client.get('/fakturor').loginAs(await UserFactory.create())
    assert.include(list.text(), `/fakturor/${companyInvoice.id}/e-faktura`)
    assert.notInclude(list.text(), `/fakturor/${administrationInvoice.id}/e-faktura`)
  })

  test('an invoice whose company lacks its organisation number offers no e-invoice link but says why (the coordinator a link to the organisation); reached anyway, a full page', async ({
    client,
    assert,
  }) => {
    const { company, companyInvoice } = await issuedFebruary()
    // the parties the invoice printed lack the buyer's organisation number (an invoice issued
    // before the register required it; issued invoices are guarded by a trigger, set aside here)
    await db.rawQuery(`SET LOCAL session_replication_role = replica`)
    await db.rawQuery(
      `UPDATE invoices SET parties = jsonb_set(parties, '{recipient,orgNumber}', 'null') WHERE id = ?`,
      [companyInvoice.id]
    )
    await db.rawQuery(`SET LOCAL session_replication_role = origin`)
    const coordinator = await UserFactory.create()
    const list = await client.get('/fakturor').loginAs(coordinator)
    list.assertStatus(200)
    assert.notInclude(list.text(), `/fakturor/${companyInvoice.id}/e-faktura`)
    list.assertTextIncludes('E-faktura kan inte skapas: organisationsnummer saknas')
    list.assertTextIncludes(`href="/organisationer/${company.id}"`)

    const contact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: company.id,
    }).create()
    const own = await client.get('/fakturor').loginAs(contact)
    own.assertTextIncludes('E-faktura kan inte skapas: organisationsnummer saknas')
    assert.notInclude(own.text(), `href="/organisationer/${company.id}"`)

    const direct = await client.get(`/fakturor/${companyInvoice.id}/e-faktura`).loginAs(coordinator)
    direct.assertStatus(409)
    direct.assertTextIncludes('Bolaget saknar organisationsnummer')
    // the app's layout with its menu and a way back to the invoices
    direct.assertTextIncludes('<nav')
    direct.assertTextIncludes('href="/fakturor"')
  })

  test('invoices:ubl NUMBER --out=FILE writes the same XML as the download; refusals are the error JSON', async ({
    client,
    assert,
  }) => {
    const { companyInvoice, administrationInvoice } = await issuedFebruary()
    const folder = await mkdtemp(join(tmpdir(), 'vx-ubl-'))
    try {
      const out = join(folder, 'faktura.xml')
      const written = await aceJson('invoices:ubl', [companyInvoice.number, `--out=${out}`])
      assert.equal(written.exitCode, 0)
      assert.deepEqual(written.output, { number: companyInvoice.number, kind: 'invoice', out })
      const download = await client
        .get(`/fakturor/${companyInvoice.id}/e-faktura`)
        .loginAs(await UserFactory.create())
      assert.equal(await readFile(out, 'utf8'), download.text())

      const internal = await aceJson('invoices:ubl', [administrationInvoice.number, `--out=${out}`])
      assert.equal(internal.exitCode, 1)
      assert.deepEqual(internal.output, {
        status: 'error',
        errors: [
          {
            message: `Faktura ${administrationInvoice.number}: Fakturan går till en förvaltning: internfakturor har ingen e-faktura.`,
          },
        ],
      })
      const unknown = await aceJson('invoices:ubl', ['2031-99999', `--out=${out}`])
      assert.equal(unknown.exitCode, 1)
      assert.equal(unknown.output.status, 'error')
      const noFile = await aceJson('invoices:ubl', [companyInvoice.number])
      assert.deepEqual(noFile.output.errors, [{ message: 'Ange filen med --out=FIL.' }])
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
