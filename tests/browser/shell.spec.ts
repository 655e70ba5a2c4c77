/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { Page } from 'playwright'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'
import { UserFactory, createContact } from '#database/factories/user_factory'

async function menuItems(page: Page) {
  return page
    .locator('nav.main-nav a')
    .allInnerTexts()
    .then((items) => items.map((item) => item.replace(/\s+/g, ' ').trim()))
}

test.group('Browser / login and shell', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the login page is Swedish and has no axe-core violations', async ({ visit, assert }) => {
    const page = await visit('/')
    await page.assertTextContains('h1', 'Logga in')
    assert.deepEqual(await axeViolations(page), [])
  })

  test('a wrong password shows "Fel e-postadress eller lösenord"', async ({ visit }) => {
    const user = await UserFactory.create()
    const page = await visit('/logga-in')
    await page.getByLabel('E-postadress').fill(user.email)
    await page.getByLabel('Lösenord').fill('fel-lösenord')
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.assertTextContains('[role=alert]', 'Fel e-postadress eller lösenord')
  })

  test('the coordinator logs in and sees every part of the menu, including Administration', async ({
    visit,
    assert,
  }) => {
    const user = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, user)
    const items = await menuItems(page)
    for (const item of [
      'Översikt',
      'Samtal & kvalitet',
      'Organisationer',
      'Anknytningar',
      'Anställda',
      'Leverantörsfakturor',
      'Kostnadsfördelning',
      'Fakturor',
      'Rutiner',
      'Forum',
      'Möten',
      'Administration',
    ]) {
      assert.include(items, item)
    }
  })

  test('a controller sees the registers but not Administration', async ({ visit, assert }) => {
    const user = await UserFactory.apply('controller').create()
    const page = await visit('/logga-in')
    await logIn(page, user)
    const items = await menuItems(page)
    assert.include(items, 'Organisationer')
    assert.notInclude(items, 'Administration')
  })

  test('a telephony contact sees neither the organisations list nor Administration, and gets 403 there', async ({
    visit,
    assert,
  }) => {
    const { user } = await createContact()
    const page = await visit('/logga-in')
    await logIn(page, user)
    const items = await menuItems(page)
    assert.include(items, 'Översikt')
    assert.notInclude(items, 'Organisationer')
    assert.notInclude(items, 'Administration')
    const response = await page.goto('/administration/anvandare')
    assert.equal(response?.status(), 403)
    await page.assertTextContains('h1', 'Du har inte behörighet')
  })

  test('the shell after login has a skip link, visible menu and no axe-core violations', async ({
    visit,
    assert,
  }) => {
    const user = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, user)
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link')
    assert.deepEqual(await axeViolations(page), [])
    await page.goto('/organisationer')
    assert.deepEqual(await axeViolations(page), [])
    await page.goto('/administration/anvandare/ny')
    assert.deepEqual(await axeViolations(page), [])
    await page.goto('/samtal')
    assert.deepEqual(await axeViolations(page), [])
    await page.goto('/kostnadsfordelning')
    assert.deepEqual(await axeViolations(page), [])
    await page.goto('/administration/kategorier')
    assert.deepEqual(await axeViolations(page), [])
  })

  test('the quality page with a month of figures (heatmap, trend, forms) has no axe-core violations', async ({
    visit,
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 70 },
      { hour: '2026-10-06T12:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 30 },
    ])
    const user = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, user)
    await page.goto('/samtal?manad=2026-10')
    await page.assertTextContains('h1', 'Samtal & kvalitet – oktober 2026')
    assert.deepEqual(await axeViolations(page), [])
  })
})
