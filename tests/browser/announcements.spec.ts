/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory, createContact } from '#database/factories/user_factory'

test.group('Browser / driftmeddelanden', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator publishes a closure in the form and a contact sees it on the start page; both pages pass axe-core', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.goto('/driftmeddelanden')
    await page.getByLabel('Typ').selectOption({ label: 'Planerad stängning' })
    await page.getByLabel('Rubrik').fill('Växeln stänger för planering')
    await page.getByLabel('Text', { exact: true }).fill('Stängt kl. 13–16.')
    await page.getByRole('button', { name: 'Publicera och skicka' }).click()
    await page.assertTextContains(
      '.alert-success',
      'publicerades och skickades till 1 telefoniansvarig'
    )
    assert.deepEqual(await axeViolations(page), [])

    await browserContext.clearCookies()
    const contactPage = await visit('/logga-in')
    await logIn(contactPage, contact)
    await contactPage.assertTextContains('main', 'Planerad stängning: Växeln stänger för planering')
    assert.deepEqual(await axeViolations(contactPage), [])
  })
})
