/// <reference lib="dom" />
/**
 * /utskick in the browser (issue 16, point 1; docs/adr/0025): the coordinator reads the log
 * of a refused e-mail and sends it again; a contact sees the status on their invoices. Both
 * pages pass axe-core.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import { issuedFebruary, refusingMailer } from '#tests/helpers/delivery_fixture'

test.group('Browser / utskick', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the coordinator sees why an e-mail failed and sends it again; a contact sees the status on their invoices; both pages pass axe-core', async ({
    visit,
    browserContext,
    assert,
  }) => {
    mail.fake()
    const {
      companyInvoice,
      companyDelivery,
      administrationDelivery,
      administrationInvoice,
      contact,
    } = await issuedFebruary()
    await deliverDocument(companyDelivery.id, { mailer: refusingMailer })
    await deliverDocument(administrationDelivery.id)
    const coordinator = await UserFactory.create()

    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.goto('/utskick')
    const failedRow = page.getByRole('row').filter({ hasText: companyInvoice.number })
    await failedRow.locator('.badge', { hasText: 'Misslyckades' }).waitFor()
    await failedRow.getByText('Logg').click()
    await failedRow.getByText('Recipient address rejected').first().waitFor()
    assert.deepEqual(await axeViolations(page), [])
    await failedRow.getByRole('button', { name: `Skicka igen ${companyInvoice.number}` }).click()
    await page.assertTextContains('.alert-success', `Utskicket av ${companyInvoice.number}`)
    await page
      .getByRole('row')
      .filter({ hasText: companyInvoice.number })
      .locator('.badge', { hasText: 'I kö' })
      .waitFor()
    assert.deepEqual(await axeViolations(page), [])

    await browserContext.clearCookies()
    const contactPage = await visit('/logga-in')
    await logIn(contactPage, contact)
    await contactPage.goto('/fakturor')
    await contactPage
      .getByRole('row')
      .filter({ hasText: administrationInvoice.number })
      .locator('.badge', { hasText: 'Skickat' })
      .waitFor()
    assert.deepEqual(await axeViolations(contactPage), [])
  }).timeout(60_000)
})
