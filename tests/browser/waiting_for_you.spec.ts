/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { createContact } from '#database/factories/user_factory'
import { runAllocation } from '#actions/month_end/run_allocation'
import { controlLoopCity } from '#tests/helpers/control_loop_city'

const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]

test.group('Browser / Väntar på dig', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the controller follows "Väntar på dig" to the draft to approve; the start page has no axe-core violations at both sizes', async ({
    visit,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    const page = await visit('/logga-in')
    await logIn(page, controller)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.goto('/oversikt')
      const waiting = page.getByRole('region', { name: 'Väntar på dig' })
      const link = waiting.getByRole('link', { name: /Utkastet för oktober 2026 väntar/ })
      assert.isTrue(await link.isVisible())
      assert.deepEqual(await axeViolations(page), [], `${size.width} px`)
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.isAtMost(scrollWidth, size.width)
      await link.click()
      await page.waitForLoadState()
      assert.equal(new URL(page.url()).pathname, '/kostnadsfordelning/2026-10')
    }
  })

  test('the coordinator follows "Väntar på dig" to a new deviation list; the start page has no axe-core violations at both sizes', async ({
    visit,
    assert,
  }) => {
    const { coordinator } = await controlLoopCity()
    const { user: contact, organisation } = await createContact()
    await db.table('deviations').insert({
      organisation_id: organisation.id,
      reported_by: contact.id,
      occurred_at: new Date(),
      entry_number: '0850811000',
      type: 'felkopplat',
      description: 'Fel enhet',
    })
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.goto('/oversikt')
      const waiting = page.getByRole('region', { name: 'Väntar på dig' })
      const link = waiting.getByRole('link', { name: '1 ny avvikelse att ta hand om' })
      assert.isTrue(await link.isVisible())
      assert.deepEqual(await axeViolations(page), [], `${size.width} px`)
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.isAtMost(scrollWidth, size.width)
      await link.click()
      await page.waitForLoadState()
      assert.equal(new URL(page.url()).pathname, '/avvikelser')
    }
  })
})
