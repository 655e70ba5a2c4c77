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
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { correctPeriod } from '#actions/month_end/correct_period'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { createExportBatch } from '#actions/month_end/export_batches'
import { getSettings } from '#services/settings'
import { saveSettings } from '#actions/settings/save_settings'
import {
  aceJson,
  addSupplierInvoice,
  controlLoopCity,
  invoicedMonth,
} from '#tests/helpers/control_loop_city'
import { ublDocument } from '#queries/invoices/ubl_document'
import { ublXml } from '#domain/ubl'
import { hasControlCharacter } from '#domain/plain_text'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { peppolViolations } from '#tests/helpers/peppol_rules'
import { invoiceFor, issuePeriod, periodWithShares } from '#tests/helpers/month_end_fixtures'

/** XML 1.0's Char production: what a conforming parser accepts in a document at all. */
// eslint-disable-next-line no-control-regex -- these are what XML forbids
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
  await periodWithShares('2032-03', [{ organisationId: organisation.id, amountOre: 1000_01 }])
  const invoice = await invoiceFor(await issuePeriod('2032-03'), organisation.code)
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

const status = async (period: string) =>
  (await db.from('periods').where('period', period).firstOrFail()).status

test.group('Month-end attack / four eyes and the approved calculation', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the command line knows the person behind an e-mail in any case or spacing: who ran it does not approve it', async ({
    assert,
  }) => {
    await controlLoopCity({ periods: ['2026-10'] })
    const run = await aceJson('allocation:run', ['2026-10', '--as=  CONTROLLER.Loop@Stad.Example '])
    assert.equal(run.exitCode, 0)
    const own = await aceJson('allocation:approve', [
      '2026-10',
      '--as=controller.loop@stad.example',
    ])
    assert.equal(own.exitCode, 1)
    assert.equal(await status('2026-10'), 'draft')
  })

  test("a coordinator's, a deactivated or an unknown e-mail approves nothing on the command line", async ({
    assert,
  }) => {
    const { controller2 } = await controlLoopCity({ periods: ['2026-10'] })
    await aceJson('allocation:run', ['2026-10', '--as=controller.loop@stad.example'])
    await db.from('users').where('id', controller2.id).update({ is_active: false })
    for (const as of [
      'samordnare.loop@stad.example',
      'controller2.loop@stad.example',
      'ingen@stad.example',
      'x'.repeat(300) + '@stad.example',
      '   ',
    ]) {
      const result = await aceJson('allocation:approve', ['2026-10', `--as=${as}`])
      assert.equal(result.exitCode, 1, as)
    }
    assert.equal(await status('2026-10'), 'draft')
  })

  test('four eyes turned off when the allocation ran and on again before the approval still refuses the runner', async ({
    assert,
  }) => {
    const { controller } = await controlLoopCity({ periods: ['2026-10'] })
    await saveSettings({ four_eyes: 'nej' }, controller.id)
    await runAllocation('2026-10', controller.id)
    await saveSettings({ four_eyes: 'ja' }, controller.id)
    const own = await aceJson('allocation:approve', [
      '2026-10',
      '--as=controller.loop@stad.example',
    ])
    assert.equal(own.exitCode, 1)
    assert.equal(await status('2026-10'), 'draft')
  })

  test("an approval form naming another period's, a made-up, a huge or a non-numeric calculation approves nothing", async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    const september = await runAllocation('2026-09', coordinator.id)
    await runAllocation('2026-10', coordinator.id)
    const other = (september as { calculationId: number }).calculationId
    for (const calculationId of [other, 999999, '99999999999999999999', '1e3', 'abc', '-1', '']) {
      const response = await client
        .post('/kostnadsfordelning/2026-10/godkann')
        .form({ calculationId })
        .loginAs(controller)
        .withCsrfToken()
        .redirects(0)
      assert.isBelow(response.status(), 500, String(calculationId))
      assert.equal(await status('2026-10'), 'draft', String(calculationId))
    }
  })
})

test.group('Month-end attack / a late input counted once', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a period corrected after the next one was approved with its adjustment makes that approval stale: the next period is not issued with the adjustment too', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await invoicedMonth(city, '2026-09')
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    await runAllocation('2026-10', city.coordinator.id)
    await setPeriodApproval('2026-10', true, city.controller.id)
    assert.isTrue((await correctPeriod('2026-09', 'Tilläggsfaktura', city.controller.id)).ok)
    const issued = await issueInvoices('2026-10', city.controller2.id)
    assert.isFalse(issued.ok)
    // reopened and re-run: no adjustment is left, September is settled at the correction
    assert.isTrue((await setPeriodApproval('2026-10', false, city.controller.id)).ok)
    const rerun = await runAllocation('2026-10', city.coordinator.id)
    assert.deepEqual((rerun as { adjustments: unknown[] }).adjustments, [])
  })
})

test.group('Month-end attack / money adds up to the öre in the export', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("every exported verification balances, and the booked totals are the invoices' totals to the öre (adjustments and partial credits included)", async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await db.from('organisations').where('id', city.c.id).update({
      org_number: '556036-0793',
      postal_street: 'Box 1',
      postal_code: '111 22',
      postal_town: 'Staden',
      invoice_email: 'faktura@bolagetc.example',
    })
    await invoicedMonth(city, '2026-09')
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    await invoicedMonth(city, '2026-10')
    const company = await db
      .from('invoices')
      .where('organisation_id', city.c.id)
      .where('period', '2026-10')
      .firstOrFail()
    assert.isTrue((await creditInvoice(Number(company.id), 'Fel rad', city.controller.id, [1])).ok)

    const batch = await createExportBatch(city.controller.id)
    assert.isTrue(batch.ok)
    const settings = await getSettings()
    const rows = (batch as { csv: Buffer }).csv
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(';'))
    const ore = (amount: string) => BigInt(amount.replace(/[\s"]/g, '').replace(',', ''))
    const verification = (cell: string) => cell.replace(/^="|"$/g, '').replace(/^"|"$/g, '')
    const byVerification = new Map<string, bigint>()
    for (const row of rows)
      byVerification.set(
        verification(row[0]),
        (byVerification.get(verification(row[0])) ?? 0n) + ore(row[5])
      )
    const invoices = await db.from('invoices').orderBy('id')
    assert.equal(byVerification.size, invoices.length)
    for (const [number, balance] of byVerification) assert.equal(balance, 0n, number)
    const booked = rows
      .filter((row) => row[2] === settings.account_cost)
      .reduce((sum, row) => sum + ore(row[5]), 0n)
    assert.equal(
      booked,
      invoices.reduce((sum, row) => sum + BigInt(row.total_ore), 0n)
    )
  })
})
