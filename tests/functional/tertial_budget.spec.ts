/**
 * The tertial and annual report's costs against budget (issue 17 points 1 and 3): the
 * period's budget and actual are the sums of their months, and the annual report measures
 * the forecast made at T2 against the year's actual (prognossäkerhet, target ±1 %).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { tertialReport } from '#queries/reports/tertial_report'
import { renderTertialReportPdf } from '#services/tertial_report_pdf'
import i18nManager from '@adonisjs/i18n/services/main'
import { pdfText } from '#tests/helpers/pdf_text'
import { budgetYear2026 } from '#tests/helpers/month_end_fixtures'

test.group('Tertial and annual report: costs against budget and forecast accuracy', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('T2 shows January–August budget and actual as sums of their months and the T2 forecast; accuracy waits for the year', async ({
    assert,
  }) => {
    await budgetYear2026(8)
    const report = await tertialReport(2026, 2)
    const telefonist = report.budget!.pools.find((pool) => pool.code === 'TELEFONIST')!
    assert.equal(report.budget!.lastMonth, 8)
    assert.equal(telefonist.budgetOre, 80_000_000n)
    assert.equal(telefonist.actualOre, 80_400_000n)
    assert.equal(telefonist.closedMonths, 8)
    // actual January–August + budget September–December
    assert.equal(telefonist.forecastT2Ore, 120_400_000n)
    assert.equal(telefonist.forecastOre, 120_400_000n)
    assert.isNull(telefonist.actualYearOre)
    assert.isNull(telefonist.accuracy)
  })

  test('the annual report measures the T2 forecast against the year: -0,33 %, within ±1 %', async ({
    assert,
    client,
  }) => {
    await budgetYear2026(12)
    const report = await tertialReport(2026, 3)
    const telefonist = report.budget!.pools.find((pool) => pool.code === 'TELEFONIST')!
    assert.equal(telefonist.actualYearOre, 120_800_000n)
    assert.equal(telefonist.forecastT2Ore, 120_400_000n)
    assert.deepEqual(telefonist.accuracy, {
      deviationOre: -400_000n,
      deviationBp: -33n,
      withinTarget: true,
    })
    // the other pools have no figures: the total is TELEFONIST's
    assert.equal(report.budget!.total.actualYearOre, 120_800_000n)
    assert.equal(report.budget!.total.accuracy?.deviationBp, -33n)
    const coordinator = await UserFactory.create()
    const page = await client.get('/rapporter/tertial?ar=2026&tertial=3').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Prognossäkerhet')
    page.assertTextIncludes('-0,33\u00a0% (uppfyllt)')
    const text = await pdfText(await renderTertialReportPdf(report, i18nManager.locale('sv')))
    assert.include(text.replace(/\s+/g, ' '), '-0,33 % uppfyllt')
  })

  test('feedback is counted per type in the period and the same period last year', async ({
    assert,
  }) => {
    const organisation = await db.from('organisations').first()
    const { OrganisationFactory } = await import('#database/factories/organisation_factory')
    const id = organisation?.id ?? (await OrganisationFactory.create()).id
    await db.table('organisation_feedback').multiInsert([
      { organisation_id: id, type: 'klagomal', received_on: '2026-02-01', description: 'a' },
      { organisation_id: id, type: 'klagomal', received_on: '2026-04-30', description: 'b' },
      { organisation_id: id, type: 'berom', received_on: '2026-05-01', description: 'c' },
      { organisation_id: id, type: 'klagomal', received_on: '2025-03-01', description: 'd' },
    ])
    const report = await tertialReport(2026, 1)
    const types = Object.fromEntries(
      report.feedback!.types.map((row) => [row.type, [row.count, row.countLastYear]])
    )
    assert.deepEqual(types.klagomal, [2, 1])
    assert.deepEqual(types.berom, [0, 0])
  })
})
