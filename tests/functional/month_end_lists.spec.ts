/**
 * Every list behind the month-end as Excel-ready CSV (issue 13 point 8): the shares of a
 * period, the periods, the invoices and the export batches — UTF-8 with BOM, `;`, amounts
 * in kronor with a decimal comma, text Excel would change written as text, formulas
 * neutralised, a contact's list holding only their own organisation.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { createExportBatch } from '#actions/month_end/export_batches'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { invoiceFor, issuePeriod, periodWithShares } from '#tests/helpers/month_end_fixtures'

/** An approved period: SAMORDNING 1 000,01 kr over two administrations and a company. */
async function approvedPeriod(period: string) {
  const { user: contact, organisation: own } = await createContact()
  await db
    .from('organisations')
    .where('id', own.id)
    .update({ code: 'EGEN', cost_centre: '01000', name: 'Egna förvaltningen' })
  const other = await OrganisationFactory.merge({
    code: 'ANNAN',
    name: '=HYPERLINK("https://x.example";"Klicka")',
  }).create()
  const company = await OrganisationFactory.merge({ code: 'BOLAGET', kind: 'bolag' }).create()
  await periodWithShares(
    period,
    [
      { organisationId: own.id, weight: 3, amountOre: 500_01 },
      { organisationId: other.id, weight: 2, amountOre: 333_33 },
      { organisationId: company.id, weight: 1, amountOre: 166_67 },
    ],
    { pool: 'SAMORDNING' }
  )
  return { contact, own, other, company }
}

const lines = (csv: string) =>
  csv
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .slice(0, -1)

test.group('Month-end lists as CSV', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the shares of a period: one row per pool and organisation, kronor with a comma, codes and periods as text', async ({
    client,
    assert,
  }) => {
    await approvedPeriod('2031-05')
    const controller = await UserFactory.apply('controller').create()
    const response = await client.get('/listor/andelar?period=2031-05').loginAs(controller)
    response.assertStatus(200)
    response.assertHeader('content-type', 'text/csv; charset=utf-8')
    response.assertHeader('content-disposition', 'attachment; filename="andelar-2031-05.csv"')
    assert.isTrue(response.text().startsWith('\ufeff'))
    assert.deepEqual(lines(response.text()), [
      'Period;Kostnadspost;Benämning;Nyckeldatum;Fördelningsgrund;Organisation;Namn;Antal;Styckpris (kr);Belopp (kr);Föregående månad (kr);Förändring (kr)',
      `"=""2031-05""";SAMORDNING;Samordning gemensam växel;"=""2030-10-31""";anknytningar;ANNAN;"'=HYPERLINK(""https://x.example"";""Klicka"")";2;166,6683;333,33;;`,
      `"=""2031-05""";SAMORDNING;Samordning gemensam växel;"=""2030-10-31""";anknytningar;BOLAGET;${(await db.from('organisations').where('code', 'BOLAGET').firstOrFail()).name};1;166,6683;166,67;;`,
      `"=""2031-05""";SAMORDNING;Samordning gemensam växel;"=""2030-10-31""";anknytningar;EGEN;Egna förvaltningen;3;166,6683;500,01;;`,
    ])
  })

  test("a contact's list holds only their own organisation; the office lists are forbidden to them", async ({
    client,
    assert,
  }) => {
    const { contact } = await approvedPeriod('2031-06')
    await issuePeriod('2031-06')
    const shares = await client.get('/listor/andelar?period=2031-06').loginAs(contact)
    assert.lengthOf(lines(shares.text()), 2)
    assert.include(lines(shares.text())[1], ';EGEN;')
    const invoices = await client.get('/listor/fakturor').loginAs(contact)
    assert.lengthOf(lines(invoices.text()), 2)
    assert.include(lines(invoices.text())[1], ';EGEN;')
    ;(await client.get('/listor/perioder').loginAs(contact)).assertStatus(403)
    ;(await client.get('/listor/exportbatcher').loginAs(contact)).assertStatus(403)
  })

  test('the invoices: document, amounts, what a credit note credits and the export batch of each', async ({
    client,
    assert,
  }) => {
    await approvedPeriod('2031-07')
    const invoices = await issuePeriod('2031-07')
    await createExportBatch(null)
    const row = await invoiceFor(invoices, 'BOLAGET')
    const credit = (await creditInvoice(row.id, 'Fel underlag', null)) as { number: string }
    const controller = await UserFactory.apply('controller').create()
    const response = await client.get('/listor/fakturor?period=2031-07').loginAs(controller)
    response.assertHeader('content-disposition', 'attachment; filename="fakturor-2031-07.csv"')
    const [header, ...rows] = lines(response.text())
    assert.equal(
      header,
      'Fakturanummer;Dokument;Fakturadatum;Period;Organisation;Namn;Netto (kr);Moms (kr);Att betala (kr);Krediterar;Ersätter;Exportbatch'
    )
    const byNumber = new Map(rows.map((line) => [line.split(';')[0], line.split(';')]))
    const creditRow = byNumber.get(`"=""${credit.number}"""`)!
    assert.deepEqual(
      [creditRow[1], creditRow[6], creditRow[7], creditRow[8], creditRow[9], creditRow[11]],
      ['Kreditfaktura', '-166,67', '-41,67', '-208,34', `"=""${row.number}"""`, '']
    )
    const companyRow = byNumber.get(`"=""${row.number}"""`)!
    assert.deepEqual(
      [companyRow[1], companyRow[6], companyRow[7], companyRow[8], companyRow[11]],
      ['Faktura', '166,67', '41,67', '208,34', '1']
    )
    const own = rows.find((line) => line.includes(';EGEN;'))!.split(';')
    assert.deepEqual([own[1], own[8], own[11]], ['Internfaktura', '500,01', '1'])
  })

  test('the periods list, and a list of one period without a period or with a malformed one: refused in Swedish', async ({
    client,
    assert,
  }) => {
    await approvedPeriod('2031-08')
    const coordinator = await UserFactory.create()
    const periods = await client.get('/listor/perioder').loginAs(coordinator)
    assert.deepEqual(lines(periods.text()), [
      'Period;Status;Fördelat (kr);Beräknad;Godkänd;Fakturerad',
      `"=""2031-08""";Godkänd;1000,01;${lines(periods.text())[1].split(';')[3]};;`,
    ])
    const missing = await client.get('/listor/andelar').loginAs(coordinator)
    missing.assertStatus(400)
    missing.assertTextIncludes('Listan gäller en period: ange ?period=ÅÅÅÅ-MM.')
    const malformed = await client.get('/listor/fakturor?period=2031-13').loginAs(coordinator)
    malformed.assertStatus(400)
    malformed.assertTextIncludes('Perioden ska skrivas ÅÅÅÅ-MM.')
    ;(await client.get('/listor/okand').loginAs(coordinator)).assertStatus(404)
  })
})
