/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { logIn } from '#tests/helpers/browser'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'
import { UserFactory, createContact } from '#database/factories/user_factory'

test.group('Browser / supplier quality and deviations', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator reads the month: figures against targets with the formula', async ({
    visit,
  }) => {
    await insertCallAggregates([
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 90 },
      { hour: '2026-10-05T08:00:00Z', outcome: 'avbrutet', waitBucket: 40, calls: 10 },
    ])
    const coordinator = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Samtal & kvalitet' }).click()
    await page.assertTextContains('h1', 'oktober 2026')
    await page.assertTextContains('main', 'Svarsandel inom 60 s')
    await page.assertTextContains('main', '90,0\u00a0%')
    await page.assertTextContains(
      'main',
      'Besvarade med väntetid högst 60 s (90) delat med erbjudna (100)'
    )
  })

  test("a contact reports a deviation and later sees the coordinator's answer", async ({
    visit,
    browserContext,
  }) => {
    const { user } = await createContact()
    const coordinator = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, user)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Avvikelser' }).click()
    await page.getByRole('link', { name: 'Rapportera avvikelse' }).click()
    await page.getByLabel('När').fill('2026-10-05T09:12')
    await page.getByLabel('Typ').selectOption('lang_vantetid')
    await page.getByLabel('Beskrivning').fill('Invånare har väntat i över tio minuter på morgonen.')
    await page.getByRole('button', { name: 'Skicka' }).click()
    await page.assertTextContains('.alert-success', 'är rapporterad')
    const url = page.url()

    // the coordinator works in a browser of their own
    const other = await browserContext.browser()!.newContext({ baseURL: new URL(url).origin })
    const triage = await other.newPage()
    await triage.goto('/logga-in')
    await logIn(triage, coordinator)
    await triage.goto(new URL(url).pathname)
    await triage.getByLabel('Status').selectOption('atgardad')
    await triage
      .getByLabel('Svar till den som rapporterade')
      .fill('Leverantören har förstärkt bemanningen på morgnarna.')
    await triage.getByRole('button', { name: 'Spara' }).click()
    await triage.waitForLoadState()
    await other.close()

    await page.reload()
    await page.assertTextContains('main', 'Åtgärdad')
    await page.assertTextContains('main', 'Leverantören har förstärkt bemanningen på morgnarna.')
  })
})
