/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

test.group('Browser / charts on Samtal & kvalitet', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the KPI tiles and the SVG charts have no axe-core violations and fit at 1440 and 390 px', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    await insertCallAggregates([
      { hour: '2026-09-07T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 90 },
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 80 },
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 20 },
      { hour: '2026-10-06T12:00:00Z', outcome: 'avbrutet', waitBucket: 60, calls: 5 },
    ])
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    for (const size of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size)
      await page.goto('/samtal?manad=2026-10')
      assert.equal(await page.locator('svg.chart[role=img]').count(), 3)
      assert.isTrue(await page.locator('.kpi-tiles').isVisible())
      assert.deepEqual(await axeViolations(page), [], `${size.width} px`)
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.isAtMost(scrollWidth, size.width, `${size.width} px`)
    }
  })
})
