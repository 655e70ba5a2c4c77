/**
 * Prognossäkerhet judged against the forecast as it was reported at T2 (issue 17 point 3,
 * docs/adr/0029 §3): the month-end's issuing of August freezes each pool's forecast in the
 * same transaction; a later change of the method or of a September–December budget moves
 * the forecast of today, not the T2 forecast the annual report measures.
 *
 * The year, hand-computed (öre): TELEFONIST's budget is 10 000 000 a month; January–July
 * closed at 10 050 000 each (fixture), August run, approved and issued for real from the
 * supplier's invoice of 10 000 000; September–December close at 10 100 000 each. ETJANST's
 * August cost entry is 4 000 000 (no budget); SAMORDNING has no cost entries (actual 0).
 *   T2 forecast TELEFONIST = 7 × 10 050 000 + 10 000 000 + 4 × 10 000 000 = 120 350 000
 *   year's actual TELEFONIST = 80 350 000 + 4 × 10 100 000 = 120 750 000
 *   deviation −400 000 = −33,13 bp → −33 (within ±1 %)
 *   all pools: 124 350 000 against 124 750 000, −400 000 = −32,06 bp → −32
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import { saveBudget, saveForecastMethod } from '#actions/budget/save_budget'
import { freezeT2Forecast } from '#actions/budget/freeze_t2_forecast'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { correctPeriod } from '#actions/month_end/correct_period'
import { tertialReport } from '#queries/reports/tertial_report'
import { budgetYear } from '#queries/budget/budget_year'
import { renderTertialReportPdf } from '#services/tertial_report_pdf'
import { budgetYear2026 } from '#tests/helpers/month_end_fixtures'
import {
  addSupplierInvoice,
  controlLoopCity,
  invoicedMonth,
} from '#tests/helpers/control_loop_city'
import { pdfText } from '#tests/helpers/pdf_text'

/** January–July closed, August's inputs in place (not yet run). */
async function yearUpToAugust() {
  await budgetYear2026(7)
  const city = await controlLoopCity({ periods: ['2026-08'] })
  const telefonist = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
  return { ...city, telefonist }
}

/** September–December closed at 10 100 000 öre each for TELEFONIST. */
async function closeSeptemberToDecember(poolId: number) {
  for (const month of ['09', '10', '11', '12']) {
    await db.table('periods').insert({ period: `2026-${month}`, status: 'approved' })
    await db.table('allocations').insert({
      period: `2026-${month}`,
      cost_pool_id: poolId,
      amount_ore: 10_100_000,
      basis: 'extensions',
      key_date: '2025-10-31',
      total_weight: 1,
    })
  }
}

const poolOf = async (code: string) =>
  (await tertialReport(2026, 3)).budget!.pools.find((pool) => pool.code === code)!

test.group('T2 forecast frozen at the locking of August', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('issuing August freezes each pool’s forecast with its basis, the total and who locked it', async ({
    assert,
  }) => {
    const city = await yearUpToAugust()
    await invoicedMonth(city, '2026-08')
    const frozen = await db.from('t2_forecasts').where('year', 2026).firstOrFail()
    assert.equal(frozen.period, '2026-08')
    assert.equal(frozen.forecast_ore, '124350000')
    assert.equal(frozen.frozen_by, city.controller.id)
    const line = await db
      .from('t2_forecast_pools')
      .where({ year: 2026, cost_pool_id: city.telefonist.id })
      .firstOrFail()
    assert.deepInclude(line, {
      method: 'budget',
      method_used: 'budget',
      actual_months: 8,
      actual_ore: '80350000',
      rest_ore: '40000000',
      forecast_ore: '120350000',
    })
  })

  test('changing the September–December budget and the method after T2 leaves the accuracy as judged at T2: -0,33 %', async ({
    assert,
    client,
  }) => {
    const city = await yearUpToAugust()
    await invoicedMonth(city, '2026-08')
    // after T2 the coordinator raises September–December to 150 000 kr …
    const saved = await saveBudget({
      poolId: city.telefonist.id,
      year: 2026,
      amounts: [...Array(8).fill('100000'), ...Array(4).fill('150000')],
      userId: city.coordinator.id,
    })
    assert.isTrue(saved.ok)
    await closeSeptemberToDecember(city.telefonist.id)
    let telefonist = await poolOf('TELEFONIST')
    assert.equal(telefonist.forecastT2Ore, 120_350_000n)
    assert.equal(telefonist.forecastT2?.source, 'frozen')
    assert.equal(telefonist.actualYearOre, 120_750_000n)
    assert.deepEqual(telefonist.accuracy, {
      deviationOre: -400_000n,
      deviationBp: -33n,
      withinTarget: true,
    })
    // … and switches to run-rate (recomputed, the T2 forecast would now be 120 525 000)
    await saveForecastMethod({
      poolId: city.telefonist.id,
      year: 2026,
      method: 'run_rate',
      userId: city.coordinator.id,
    })
    const report = await tertialReport(2026, 3)
    telefonist = report.budget!.pools.find((pool) => pool.code === 'TELEFONIST')!
    assert.equal(telefonist.forecastT2Ore, 120_350_000n)
    assert.equal(telefonist.accuracy?.deviationBp, -33n)
    assert.equal(report.budget!.total.forecastT2Ore, 124_350_000n)
    assert.equal(report.budget!.total.forecastT2?.source, 'frozen')
    assert.deepEqual(report.budget!.total.accuracy, {
      deviationOre: -400_000n,
      deviationBp: -32n,
      withinTarget: true,
    })

    const page = await client.get('/rapporter/tertial?ar=2026&tertial=3').loginAs(city.coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Prognos fastställd vid T2 (låsning av augusti 2026)')
    page.assertTextIncludes('-0,33\u00a0% (uppfyllt)')
    const text = (
      await pdfText(await renderTertialReportPdf(report, i18nManager.locale('sv')))
    ).replace(/\s+/g, ' ')
    assert.include(text, 'Prognos fastställd vid T2 (låsning av augusti 2026)')
    assert.include(text, '-0,33 % uppfyllt')
  })

  test('without a frozen forecast (August locked before the feature) the report recomputes it and says it was computed afterwards', async ({
    assert,
    client,
  }) => {
    await budgetYear2026(12)
    const report = await tertialReport(2026, 3)
    const telefonist = report.budget!.pools.find((pool) => pool.code === 'TELEFONIST')!
    assert.equal(telefonist.forecastT2Ore, 120_400_000n)
    assert.equal(telefonist.forecastT2?.source, 'recomputed')
    const coordinator = (await controlLoopCity({ periods: [] })).coordinator
    const page = await client.get('/rapporter/tertial?ar=2026&tertial=3').loginAs(coordinator)
    page.assertTextIncludes('beräknad i efterhand')
    assert.notInclude(page.text(), 'Prognos fastställd vid T2')
  })

  test('a correction of August after T2 changes its actual but keeps the forecast frozen at the first locking', async ({
    assert,
  }) => {
    const city = await yearUpToAugust()
    await invoicedMonth(city, '2026-08')
    await addSupplierInvoice('2026-08', 'LF-AUG-2', 1_000_00)
    const corrected = await correctPeriod('2026-08', 'Tilläggsfaktura augusti', city.controller.id)
    assert.isTrue(corrected.ok)
    const august = (await budgetYear(2026)).find((pool) => pool.code === 'TELEFONIST')!.forecast
      .months[7]
    assert.equal(august.actualOre, 10_100_000n)
    const telefonist = await poolOf('TELEFONIST')
    // August's actual is now 10 100 000; recomputed, the T2 forecast would be 120 450 000
    assert.equal(telefonist.forecastT2Ore, 120_350_000n)
    assert.equal(telefonist.forecastT2?.source, 'frozen')
    // and freezing again (a re-issue) keeps the first
    const again = await db.transaction((trx) =>
      freezeT2Forecast(trx, '2026-08', city.coordinator.id)
    )
    assert.equal(again, 'kept')
    const frozen = await db.from('t2_forecasts').where('year', 2026).firstOrFail()
    assert.equal(frozen.forecast_ore, '124350000')
    assert.equal(frozen.frozen_by, city.controller.id)
  })

  test('issuing a month other than August freezes nothing', async ({ assert }) => {
    await budgetYear2026(0)
    const city = await controlLoopCity({ periods: ['2026-07'] })
    await invoicedMonth(city, '2026-07')
    assert.isNull(await db.from('t2_forecasts').first())
  })

  test('locking the August of a year without any budget freezes nothing: there is no forecast to report', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-08'] })
    await invoicedMonth(city, '2026-08')
    assert.isNull(await db.from('t2_forecasts').first())
  })
})

test.group('T2 forecast frozen at the locking of August / a failed issue', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  /** August run and approved by the controller, ready to issue. */
  async function approvedAugust() {
    const city = await yearUpToAugust()
    const run = await runAllocation('2026-08', city.coordinator.id)
    const approval = await setPeriodApproval('2026-08', true, city.controller.id)
    if (!run.ok || !approval.ok) throw new Error('August could not be run and approved')
    return city
  }

  test('when freezing fails the issue rolls back: no invoices, August still approved, no forecast', async ({
    assert,
  }) => {
    const city = await approvedAugust()
    await db.rawQuery(`
      CREATE FUNCTION t2_refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'disk gone while freezing'; END $$`)
    await db.rawQuery(
      'CREATE TRIGGER t2_refuse BEFORE INSERT ON t2_forecast_pools FOR EACH ROW EXECUTE FUNCTION t2_refuse()'
    )
    await assert.rejects(() => issueInvoices('2026-08', city.controller.id), /disk gone/)
    const august = await db.from('periods').where('period', '2026-08').firstOrFail()
    assert.equal(august.status, 'approved')
    assert.lengthOf(await db.from('invoices').where('period', '2026-08'), 0)
    assert.isNull(await db.from('t2_forecasts').first())
  })

  test('when the issue fails after freezing, the frozen forecast rolls back with it', async ({
    assert,
  }) => {
    const city = await approvedAugust()
    // the issue's last write, its audit line, fails
    await db.rawQuery(`
      CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF NEW.entity_id = '2026-08' THEN RAISE EXCEPTION 'crash after freezing'; END IF;
        RETURN NEW; END $$`)
    await db.rawQuery(
      'CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse()'
    )
    await assert.rejects(() => issueInvoices('2026-08', city.controller.id), /crash after/)
    assert.equal(
      (await db.from('periods').where('period', '2026-08').firstOrFail()).status,
      'approved'
    )
    assert.isNull(await db.from('t2_forecasts').first())
    assert.isNull(await db.from('t2_forecast_pools').first())
  })
})
