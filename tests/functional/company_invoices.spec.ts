/**
 * Lawful company invoices (DOMAIN.md "Who is invoiced"): organisations carry organisation
 * number, postal address and invoice e-mail (form and import); a company's document is a
 * Faktura with what mervärdesskattelagen asks, an administration keeps its Internfaktura;
 * a company without the details is a warning on the allocation.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { storage } from '#services/storage'
import Organisation from '#models/organisation'
import { importOrganisations } from '#actions/organisations/import_organisations'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { pdfText } from '#tests/helpers/pdf_text'
import { periodWithShares } from '#tests/helpers/month_end_fixtures'
import { todayInStockholm } from '#domain/periods'

const fixture = (name: string) =>
  new URL(`../fixtures/organisations/${name}`, import.meta.url).pathname
const run = (name: string) =>
  importOrganisations({ filePath: fixture(name), fileName: name, userId: null })

async function pdfOf(number: string) {
  const invoice = await db.from('invoices').where('number', number).firstOrFail()
  // pdf.js joins the columns with several spaces
  return (await pdfText((await storage().read(invoice.pdf_path))!)).replace(/\s+/g, ' ')
}

test.group('Company invoices / register', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the import reads Organisationsnummer, Postadress, Postnummer, Ort and E-post faktura, normalised', async ({
    assert,
  }) => {
    const result = await run('invoice_details.csv')
    assert.equal(result.status, 'imported')
    const company = await Organisation.findByOrFail('code', 'HEMBOLAG')
    assert.deepInclude(company.serialize(), {
      orgNumber: '556036-0793',
      postalStreet: 'Box 123',
      postalCode: '111 22',
      postalTown: 'Staden',
      invoiceEmail: 'faktura@hembolaget.example',
    })
    const administration = await Organisation.findByOrFail('code', 'SDF-NORR')
    assert.isNull(administration.orgNumber)
  })

  test('an empty cell leaves the stored value unchanged; a filled one replaces it', async ({
    assert,
  }) => {
    await run('invoice_details.csv')
    const result = await run('invoice_details_partial.csv')
    assert.equal(result.status, 'imported')
    const company = await Organisation.findByOrFail('code', 'HEMBOLAG')
    assert.equal(company.postalStreet, 'Box 999')
    assert.equal(company.orgNumber, '556036-0793')
    assert.equal(company.postalCode, '111 22')
    assert.equal(company.invoiceEmail, 'faktura@hembolaget.example')
  })

  test('a wrong check digit, a four-digit postcode and a broken e-mail are row errors naming the column; nothing is stored', async ({
    assert,
  }) => {
    const result = await run('invoice_details_bad.csv')
    assert.equal(result.status, 'rejected')
    assert.deepEqual(
      result.errors.map((error) => [error.line, error.column]),
      [
        [2, 'Organisationsnummer'],
        [2, 'Postnummer'],
        [2, 'E-post faktura'],
      ]
    )
    assert.match(
      result.errors[0].message,
      /rad 2: Organisationsnummer "556036-0794" har fel kontrollsiffra/
    )
    assert.isNull(await Organisation.findBy('code', 'HEMBOLAG'))
  })

  test('the form stores the details normalised and refuses a wrong check digit in Swedish', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const form = {
      code: 'NYTTBOLAG',
      name: 'AB Nytt bolag',
      kind: 'bolag',
      activeFrom: '2020-01-01',
      orgNumber: '5561112227',
      postalStreet: 'Storgatan 1',
      postalCode: '11122',
      postalTown: 'Staden',
      invoiceEmail: 'faktura@nytt.example',
    }
    const refused = await client
      .post('/organisationer')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ ...form, orgNumber: '556111-2228' })
      .redirects(0)
    refused.assertFlashMessage('inputErrorsBag', {
      orgNumber: ['Organisationsnumret har fel kontrollsiffra (sista siffran stämmer inte)'],
    })
    assert.isNull(await Organisation.findBy('code', 'NYTTBOLAG'))
    await client
      .post('/organisationer')
      .loginAs(coordinator)
      .withCsrfToken()
      .form(form)
      .redirects(0)
    const stored = await Organisation.findByOrFail('code', 'NYTTBOLAG')
    assert.equal(stored.orgNumber, '556111-2227')
    assert.equal(stored.postalCode, '111 22')
    const page = await client.get(`/organisationer/${stored.id}`).loginAs(coordinator)
    page.assertTextIncludes('556111-2227')
    page.assertTextIncludes('Storgatan 1, 111 22 Staden')
  })
})

test.group('Company invoices / documents', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("a company's invoice is a Faktura with what the VAT act asks; an administration keeps its Internfaktura", async ({
    assert,
  }) => {
    const company = await OrganisationFactory.merge({
      code: 'HEMBOLAG',
      name: 'AB Hembolaget',
      kind: 'bolag',
      invoiceReference: 'Anna Andersson',
      orgNumber: '556036-0793',
      postalStreet: 'Box 123',
      postalCode: '111 22',
      postalTown: 'Staden',
      invoiceEmail: 'faktura@hembolaget.example',
    }).create()
    const administration = await OrganisationFactory.merge({
      code: 'SDF-NORR',
      name: 'Norra stadsdelsförvaltningen',
      costCentre: '41000',
    }).create()
    await periodWithShares('2031-02', [
      { organisationId: company.id, amountOre: 1234_56 },
      { organisationId: administration.id, amountOre: 2000_00 },
    ])
    const issued = await issueInvoices('2031-02', null)
    assert.isTrue(issued.ok)
    if (!issued.ok) return
    const [companyInvoice, administrationInvoice] = [
      issued.invoices.find((invoice) => invoice.organisation === 'HEMBOLAG')!,
      issued.invoices.find((invoice) => invoice.organisation === 'SDF-NORR')!,
    ]
    const row = await db.from('invoices').where('number', companyInvoice.number).firstOrFail()
    const text = await pdfOf(companyInvoice.number)
    // title, unique number and issue date
    assert.match(text, /^Serviceförvaltningen/)
    assert.include(text, 'Faktura')
    assert.notInclude(text, 'Internfaktura')
    assert.include(text, `Fakturanummer ${companyInvoice.number}`)
    assert.include(text, `Fakturadatum ${todayInStockholm()}`)
    // the issuer: name, address, VAT registration number
    assert.include(text, 'Box 8314, 104 20 Staden')
    assert.include(text, 'Momsreg.nr SE212000014201')
    // the buyer: name, address, organisation number
    assert.include(text, 'KÖPARE AB Hembolaget')
    assert.include(text, 'Kundnummer HEMBOLAG')
    assert.include(text, 'Box 123')
    assert.include(text, '111 22 Staden')
    assert.include(text, 'Org.nr 556036-0793')
    // what was supplied and when
    assert.include(text, 'Telefonisttjänst')
    assert.include(text, 'Leveransperiod 2031-02-01 – 2031-02-28')
    // taxable amount, rate and VAT: 1 234,56 kr, 25 % → 308,64 kr, 1 543,20 kr
    assert.include(text, 'Belopp exkl. moms (beskattningsunderlag) 1 234,56 kr')
    assert.include(text, 'Moms 25 % 308,64 kr')
    assert.include(text, 'Att betala 1 543,20 kr')

    const internal = await pdfOf(administrationInvoice.number)
    assert.include(internal, 'Internfaktura')
    assert.include(internal, 'Ansvar: 41000')
    assert.notInclude(internal, 'Momsreg.nr')
    assert.include(internal, 'Ingen moms: internfakturering inom samma juridiska person')

    // a company's credit note carries the same details
    const credit = await creditInvoice(row.id, 'Fel antal anknytningar', null)
    const creditText = await pdfOf((credit as { number: string }).number)
    assert.include(creditText, 'Kreditfaktura')
    assert.include(creditText, 'Momsreg.nr SE212000014201')
    assert.include(creditText, 'Org.nr 556036-0793')
    assert.include(creditText, 'Moms 25 % -308,64 kr')
  })

  test("a company contact's invoice list (and the office's, of both kinds) is headed Fakturor; an administration contact's keeps Internfakturor", async ({
    client,
    assert,
  }) => {
    const company = await OrganisationFactory.apply('company').create()
    const administration = await OrganisationFactory.create()
    const companyContact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: company.id,
    }).create()
    const administrationContact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: administration.id,
    }).create()
    const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1]
    const companyPage = await client.get('/fakturor').loginAs(companyContact)
    companyPage.assertStatus(200)
    assert.equal(heading(companyPage.text()), 'Fakturor')
    assert.notInclude(companyPage.text(), 'Internfakturor')
    const administrationPage = await client.get('/fakturor').loginAs(administrationContact)
    assert.equal(heading(administrationPage.text()), 'Internfakturor')
    // the office's list holds both kinds
    const officePage = await client.get('/fakturor').loginAs(await UserFactory.create())
    assert.equal(heading(officePage.text()), 'Fakturor')
  })

  test("a company without organisation number, address or invoice e-mail is a warning on the allocation, worded in the reader's language", async ({
    client,
  }) => {
    const bare = await OrganisationFactory.merge({ code: 'BARBOLAG', kind: 'bolag' }).create()
    const partial = await OrganisationFactory.merge({
      code: 'HALVBOLAG',
      kind: 'bolag',
      orgNumber: '556036-0793',
      invoiceEmail: 'f@halv.example',
      postalStreet: 'Gatan 1',
    }).create()
    const complete = await OrganisationFactory.merge({
      code: 'HELBOLAG',
      kind: 'bolag',
      orgNumber: '556111-2227',
      postalStreet: 'Box 1',
      postalCode: '111 22',
      postalTown: 'Staden',
      invoiceEmail: 'f@hel.example',
    }).create()
    const administration = await OrganisationFactory.merge({ code: 'SDF-UTAN' }).create()
    await periodWithShares(
      '2031-03',
      [bare, partial, complete, administration].map((o) => ({
        organisationId: o.id,
        amountOre: 100_00,
      })),
      { status: 'draft' }
    )
    const controller = await UserFactory.apply('controller').create()
    const page = await client.get('/kostnadsfordelning/2031-03').loginAs(controller)
    page.assertTextIncludes(
      'BARBOLAG är ett bolag och saknar organisationsnummer, postadress och e-post för fakturor'
    )
    page.assertTextIncludes('HALVBOLAG är ett bolag och saknar postadress:')
    const text = page.text()
    if (text.includes('HELBOLAG är ett bolag') || text.includes('SDF-UTAN är ett bolag'))
      throw new Error('a complete company or an administration was warned about')
    const english = await client
      .get('/kostnadsfordelning/2031-03')
      .loginAs(controller)
      .withSession({ locale: 'en' })
    english.assertTextIncludes(
      'BARBOLAG is a company and lacks organisation number, postal address, and e-mail for invoices'
    )
  })
  test('allocation:run names the company that lacks its details among its warnings', async ({
    assert,
  }) => {
    const administration = await OrganisationFactory.merge({ code: 'SDF-VAST' }).create()
    const company = await OrganisationFactory.merge({ code: 'TOMTBOLAG', kind: 'bolag' }).create()
    await db.table('extensions').multiInsert([
      { number: '0850870001', organisation_id: administration.id, valid_from: '2025-01-01' },
      { number: '0850870002', organisation_id: company.id, valid_from: '2025-01-01' },
    ])
    await db
      .table('headcounts')
      .insert({ organisation_id: administration.id, month: '2025-10', employees: 100 })
    await db.table('supplier_invoices').insert({
      invoice_number: 'LF-TOMT',
      invoice_date: '2026-11-05',
      period: '2026-10',
      net_ore: 1000_00,
      content_hash: 'tomt',
    })
    const ace = (await import('@adonisjs/core/services/ace')).default
    ace.ui.switchMode('raw')
    try {
      const coordinator = await UserFactory.create()
      const command = await ace.exec('allocation:run', [
        '2026-10',
        `--as=${coordinator.email}`,
        '--json',
      ])
      assert.equal(command.exitCode, 0)
      const output = JSON.parse(ace.ui.logger.getLogs()[0].message)
      assert.include(
        output.warnings,
        'TOMTBOLAG är ett bolag och saknar organisationsnummer, postadress och e-post för fakturor: fakturan uppfyller inte mervärdesskattelagens krav. Komplettera organisationen i registret innan perioden faktureras.'
      )
    } finally {
      ace.ui.switchMode('normal')
    }
  })
})
