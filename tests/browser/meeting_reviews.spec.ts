/**
 * The meetings' and deliveries' gaps in the browser (issue 16; docs/adr/0031): the
 * coordinator filters "Möten" by kind, finds an organisation without an avstämning, plans
 * one from there, sees it on the organisation's page and cancels it; a contact reads their
 * organisation's delivery log and avstämningar. Every page passes axe-core.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import { issuedFebruary } from '#tests/helpers/delivery_fixture'
import { clock } from '#services/clock'

test.group('Browser / meetings, avstämningar and the delivery log', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })
  group.each.teardown(() => mail.restore())

  test('the coordinator filters the meetings by kind, plans an avstämning for an organisation without one and cancels it; each page passes axe-core', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const organisation = await OrganisationFactory.merge({
      code: 'AVST-WEBB',
      name: 'Webbförvaltningen',
    }).create()
    await db.table('meetings').insert({
      title: 'Nätverksträff i januari',
      kind: 'network',
      starts_at: new Date('2027-01-20T12:00:00Z'),
      ends_at: new Date('2027-01-20T13:00:00Z'),
      place: 'Stadshuset',
    })

    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Möten', exact: true }).click()
    await page.assertTextContains('h1', 'Möten')
    await page.getByLabel('Typ av möte').selectOption('review')
    await page.getByRole('button', { name: 'Filtrera' }).click()
    await page.assertTextContains('main', 'Avstämning saknas')
    assert.notInclude(await page.locator('main').innerText(), 'Nätverksträff i januari')
    assert.deepEqual(await axeViolations(page), [])

    await page
      .getByRole('row')
      .filter({ hasText: 'AVST-WEBB' })
      .getByRole('link', { name: /Planera en avstämning/ })
      .click()
    assert.equal(await page.getByLabel('Typ av möte').inputValue(), 'review')
    assert.equal(
      await page.getByLabel('Organisation (för avstämning)').inputValue(),
      String(organisation.id)
    )
    await page.getByLabel('Rubrik').fill('Avstämning med Webbförvaltningen')
    await page.getByLabel('Datum').fill('2027-02-10')
    await page.getByLabel('Starttid').fill('10:00')
    await page.getByLabel('Sluttid').fill('11:00')
    await page.getByLabel('Plats').fill('Stadshuset')
    await page.getByRole('button', { name: 'Planera och bjud in' }).click()
    await page.assertTextContains('h1', 'Avstämning med Webbförvaltningen')

    await page.goto(`/organisationer/${organisation.id}`)
    await page.assertTextContains('main', 'Avstämningar')
    await page.assertTextContains('main', 'Avstämning med Webbförvaltningen')
    assert.deepEqual(await axeViolations(page), [])

    await page.getByRole('link', { name: 'Avstämning med Webbförvaltningen' }).click()
    await page.getByText('Ställ in mötet', { exact: true }).first().click()
    assert.deepEqual(await axeViolations(page), [])
    await page.getByLabel('Ja, ställ in mötet och skicka avbokningarna').check()
    await page.getByRole('button', { name: 'Ställ in mötet' }).click()
    await page.assertTextContains('.alert-success', 'Mötet är inställt')
    await page.assertTextContains('main', 'Inställt')
    assert.deepEqual(await axeViolations(page), [])
  }).timeout(60_000)

  test("a contact reads their organisation's delivery log, filtered by month, and its avstämningar on Min organisation; both pass axe-core", async ({
    visit,
    assert,
  }) => {
    mail.fake()
    const {
      administration,
      administrationDelivery,
      companyInvoice,
      administrationInvoice,
      contact,
    } = await issuedFebruary()
    await deliverDocument(administrationDelivery.id)
    await db.table('meetings').insert({
      title: 'Avstämning med Miljöförvaltningen',
      kind: 'review',
      organisation_id: administration.id,
      starts_at: new Date('2026-10-14T08:00:00Z'),
      ends_at: new Date('2026-10-14T09:00:00Z'),
      place: 'Stadshuset',
    })

    const page = await visit('/logga-in')
    await logIn(page, contact)
    await page.assertTextContains('main', 'Avstämning med Miljöförvaltningen')
    assert.deepEqual(await axeViolations(page), [])

    await page.locator('nav.main-nav').getByRole('link', { name: 'Utskick' }).click()
    await page.getByLabel('Månad').selectOption('2031-02')
    await page.getByRole('button', { name: 'Visa' }).click()
    await page
      .getByRole('row')
      .filter({ hasText: administrationInvoice.number })
      .locator('.badge', { hasText: 'Skickat' })
      .waitFor()
    const text = await page.locator('main').innerText()
    assert.notInclude(text, companyInvoice.number)
    assert.notInclude(text, 'Skicka igen')
    assert.deepEqual(await axeViolations(page), [])
  }).timeout(60_000)
})
