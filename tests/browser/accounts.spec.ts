/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'

test.group('Browser / accounts', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a new user gets a generated one-time password, shown once, and must choose a strong password with it', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.goto('/administration/anvandare/ny')
    await page.getByLabel('Namn').fill('Sara Ek')
    await page.getByLabel('E-postadress').fill('sara.ek@stad.example')
    await page.getByLabel('Roll').selectOption('controller')
    await page.getByRole('button', { name: 'Spara' }).click()
    await page.assertTextContains('h1', 'Engångslösenord för Sara Ek')
    const oneTimePassword = await page.locator('[data-one-time-password]').innerText()
    assert.match(oneTimePassword, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
    assert.deepEqual(await axeViolations(page), [])

    await page.getByRole('button', { name: 'Logga ut' }).click()
    await page.goto('/logga-in')
    await page.getByLabel('E-postadress').fill('sara.ek@stad.example')
    await page.getByLabel('Lösenord').fill(oneTimePassword)
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.assertTextContains('h1', 'Byt lösenord')
    await page.getByLabel('Nuvarande lösenord').fill(oneTimePassword)
    await page.getByLabel('Nytt lösenord', { exact: true }).fill('qwerty123456')
    await page.getByLabel('Upprepa nytt lösenord').fill('qwerty123456')
    await page.getByRole('button', { name: 'Spara lösenord' }).click()
    await page.assertTextContains(
      '#field-newPassword-error',
      'är ett av de vanligaste lösenorden och gissas lätt'
    )
    assert.deepEqual(await axeViolations(page), [])
  }).timeout(60_000)
})
