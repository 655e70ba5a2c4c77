/**
 * Figures computed ahead must equal the figures computed on demand (issue 17, issue 18
 * point 2, docs/adr/0034): the month view's figures the call import stores at its end, the
 * range view's fold in SQL (against the fold in the app it replaced), and the 13-month
 * trend from the monthly sums — over random calls that include both DST days.
 *
 * The import commits on its own connection, so this group commits and cleans up.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importCalls } from '#actions/calls/import_calls'
import { dataState } from '#queries/quality/quality_cache'
import {
  computeMonthQuality,
  computePerEntryNumber,
  computeTrend13Months,
  computeWeekdayHourHeatmap,
  monthPageFigures,
  monthQuality,
  perEntryNumber,
  trend13Months,
  weekdayHourHeatmap,
} from '#queries/quality/month_quality'
import { computeRangeQuality, rangePageFigures, rangeQuality } from '#queries/quality/range_quality'
import { transferredPerOrganisation } from '#queries/quality/range_transfers'
import { sameRangeLastYear } from '#domain/date_ranges'
import { referenceRangeQuality } from '#tests/helpers/range_fold_reference'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'

const TABLES =
  'call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows, quality_precomputed'
const EXTRA_TARGETS_FROM = '2026-06-01'

async function cleanUp() {
  await db.rawQuery(`TRUNCATE ${TABLES} CASCADE`)
  await db.from('supplier_statistics').delete()
  await db.from('imports').where('type', 'calls').delete()
  await db.from('quality_targets').where('valid_from', EXTRA_TARGETS_FROM).delete()
  await deleteAuditEntries((q) => q.where('entity_type', 'import'))
}

function random(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return Math.floor((state / 2_147_483_648) * n)
  }
}

const pad = (n: number) => String(n).padStart(2, '0')
const OUTCOMES = ['Besvarat', 'Kopplat', 'Avbrutet', 'Meddelande']

/** Random calls from mid-February to mid-November 2026, more of them on and around the DST days. */
async function callsFile(seed: number, count: number) {
  const next = random(seed)
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const date =
      next(5) === 0
        ? ['2026-03-29', '2026-10-25', '2026-03-28', '2026-10-24'][next(4)]
        : new Date(Date.UTC(2026, 1, 14) + next(270) * 86_400_000).toISOString().slice(0, 10)
    const start = `${date}T${pad(next(24))}:${pad(next(60))}:${pad(next(60))}Z`
    // waits around every limit that matters: short abandons, the targets, the distribution
    const wait = [next(12), next(70), next(200), next(400)][next(4)]
    const cost = `${next(20)},${String(next(10_000)).padStart(4, '0')}`
    lines.push(
      `P${seed}-${i};${start};${['0850811000', '0850812000'][next(2)]};${wait};${next(300)};${OUTCOMES[next(4)]};;${cost}`
    )
  }
  const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-precomputed-'))
  const path = join(dir, 'calls.csv')
  const header = 'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad'
  await writeFile(path, Buffer.from([header, ...lines].join('\r\n') + '\r\n', 'latin1'))
  return importCalls({ filePath: path, fileName: 'calls.csv', userId: null })
}

const MONTHS = ['02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => `2026-${m}`)

test.group('Quality figures computed ahead', (group) => {
  group.each.setup(() => cleanUp)

  test('the first month view after an import reads the figures its end computed, and they equal the figures computed on demand', async ({
    assert,
  }) => {
    assert.include(await callsFile(41, 1200), { status: 'imported', stored: 1200 })
    const state = await dataState()
    const stored = await db.from('quality_precomputed').where('state', state).select('key', 'value')
    const byKey = new Map(stored.map((row) => [row.key as string, row.value]))
    for (const period of MONTHS)
      for (const kind of ['month', 'heatmap', 'entries', 'trend'])
        assert.isTrue(byKey.has(`${kind}:${period}`), `${kind}:${period} computed ahead`)

    // each stored figure is the figure computed now, in the same state
    for (const period of MONTHS) {
      assert.deepEqual(byKey.get(`month:${period}`), await computeMonthQuality(period), period)
      assert.deepEqual(
        byKey.get(`heatmap:${period}`),
        await computeWeekdayHourHeatmap(period),
        period
      )
      assert.deepEqual(byKey.get(`entries:${period}`), await computePerEntryNumber(period), period)
      assert.deepEqual(byKey.get(`trend:${period}`), await computeTrend13Months(period), period)
    }

    // the page's four reads in one state: the stored figures
    assert.deepEqual(await monthPageFigures('2026-09'), {
      report: byKey.get('month:2026-09'),
      heatmap: byKey.get('heatmap:2026-09'),
      entries: byKey.get('entries:2026-09'),
      trend: byKey.get('trend:2026-09'),
    })

    // the first view in this state takes the stored figure (marked here so it shows) …
    await db.rawQuery(
      `UPDATE quality_precomputed SET value = jsonb_set(value, '{source}', '"computed ahead"')
        WHERE state = ? AND key = 'month:2026-10'`,
      [state]
    )
    assert.equal((await monthQuality('2026-10')).source as string, 'computed ahead')
    // … and so do the page's other reads
    for (const period of MONTHS.filter((month) => month !== '2026-10')) {
      assert.deepEqual(await monthQuality(period), byKey.get(`month:${period}`), period)
      assert.deepEqual(await weekdayHourHeatmap(period), byKey.get(`heatmap:${period}`), period)
      assert.deepEqual(await perEntryNumber(period), byKey.get(`entries:${period}`), period)
      assert.deepEqual(await trend13Months(period), byKey.get(`trend:${period}`), period)
    }

    // the heatmap's cells (hourly rows, summed per hour before the Stockholm weekday and
    // hour are taken) add up to the month's figures (daily rows)
    for (const period of MONTHS) {
      const { figures } = await computeMonthQuality(period)
      const cells = (await computeWeekdayHourHeatmap(period)).weekdays.flatMap((row) =>
        row.cells.filter((cell) => cell !== null)
      )
      for (const count of [
        'answered',
        'answeredWithinTarget',
        'abandoned',
        'shortAbandons',
      ] as const)
        assert.equal(
          cells.reduce((sum, cell) => sum + cell![count], 0),
          figures[count],
          `${period} ${count}`
        )
    }

    // the trend from the monthly sums is each month's own figures (from the daily rows)
    const trend = await trend13Months('2026-11')
    for (const period of MONTHS) {
      const { figures } = await computeMonthQuality(period)
      const { key, ...row } = trend.find((month) => month.key === period)!
      assert.deepEqual(row, figures, key)
    }
  }).timeout(60_000)

  test('a change after the import is never answered from the figures computed before it', async ({
    assert,
  }) => {
    assert.include(await callsFile(43, 300), { status: 'imported', stored: 300 })
    const before = await monthQuality('2026-10')
    await db.from('quality_targets').update({ target_seconds: before.targets.targetSeconds + 30 })
    const after = await monthQuality('2026-10')
    assert.equal(after.targets.targetSeconds, before.targets.targetSeconds + 30)
    assert.deepEqual(after, await computeMonthQuality('2026-10'))
    assert.deepEqual(await trend13Months('2026-10'), await computeTrend13Months('2026-10'))
    await db.from('quality_targets').update({ target_seconds: before.targets.targetSeconds })
  }).timeout(60_000)

  test('the range folded in SQL equals the bucket fold in the app: random ranges, DST days, a target change and supplier statistics', async ({
    assert,
  }) => {
    assert.include(await callsFile(47, 1600), { status: 'imported', stored: 1600 })
    // from June another target time and short-abandon limit: months before and after differ
    await db.table('quality_targets').insert({
      valid_from: EXTRA_TARGETS_FROM,
      target_seconds: 30,
      short_abandon_seconds: 3,
      service_level_target: 0.8,
      abandon_rate_target: 0.07,
    })
    // statistics for an entry number without calls (counted, one day with another target
    // time: a warning) and for one with calls (not counted)
    const next = random(3)
    const statistics = []
    for (let i = 0; i < 40; i++) {
      const answered = 20 + next(50)
      statistics.push({
        day: new Date(Date.UTC(2026, 1, 20) + i * 6 * 86_400_000).toISOString().slice(0, 10),
        entry_number: i % 4 === 0 ? '0850811000' : '0850813000',
        offered: answered + 5,
        answered,
        answered_within_target: next(answered),
        target_seconds: i === 7 ? 45 : 60,
        abandoned: 5,
        short_abandons: next(4),
        total_wait_seconds: next(5000),
        total_talk_seconds: next(50_000),
        transferred: next(answered),
      })
    }
    await db.table('supplier_statistics').multiInsert(statistics)

    const ranges = [
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-03-29', to: '2026-03-29' },
      { from: '2026-10-25', to: '2026-10-25' },
      { from: '2026-02-15', to: '2026-04-10' },
      { from: '2026-05-20', to: '2026-07-10' },
      { from: '2026-10-10', to: '2026-11-05' },
      { from: '2025-12-01', to: '2026-01-31' },
    ]
    const nextDay = random(9)
    for (let i = 0; i < 8; i++) {
      const from = new Date(Date.UTC(2026, 1, 1) + nextDay(280) * 86_400_000)
      const to = new Date(from.getTime() + nextDay(200) * 86_400_000)
      ranges.push({ from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) })
    }
    const sorted = <T extends { warnings: string[] }>(figures: T) => ({
      ...figures,
      warnings: [...figures.warnings].sort(),
    })
    for (const range of ranges) {
      for (const openHours of [false, true]) {
        const where = `${range.from}–${range.to} ${openHours ? 'öppettider' : 'alla timmar'}`
        const reference = sorted(await referenceRangeQuality(range, openHours))
        assert.deepEqual(sorted(await computeRangeQuality(range, openHours)), reference, where)
        assert.deepEqual(sorted(await rangeQuality(range, { openHours })), reference, where)
      }
    }
    // the page's six reads in one state are the same figures — computed together in one
    // statement when none is known yet (a new data state), and alone
    for (const range of ranges.slice(0, 8)) {
      const lastYear = sameRangeLastYear(range)
      await db.rawQuery('INSERT INTO quality_changes DEFAULT VALUES')
      const together = await rangePageFigures(range, lastYear)
      const where = `${range.from}–${range.to} och ett år före, tillsammans`
      assert.deepEqual(
        sorted(together.current),
        sorted(await referenceRangeQuality(range, false)),
        where
      )
      assert.deepEqual(
        sorted(together.currentOpen),
        sorted(await referenceRangeQuality(range, true)),
        where
      )
      assert.deepEqual(
        sorted(together.before),
        sorted(await referenceRangeQuality(lastYear, false)),
        where
      )
      assert.deepEqual(
        sorted(together.beforeOpen),
        sorted(await referenceRangeQuality(lastYear, true)),
        where
      )
      await db.rawQuery('INSERT INTO quality_changes DEFAULT VALUES')
      assert.deepEqual(together.organisations, await transferredPerOrganisation(range), where)
      assert.deepEqual(
        together.lastYearOrganisations,
        await transferredPerOrganisation(lastYear),
        where
      )
      assert.deepEqual(await rangePageFigures(range, lastYear), {
        current: await rangeQuality(range),
        currentOpen: await rangeQuality(range, { openHours: true }),
        before: await rangeQuality(lastYear),
        beforeOpen: await rangeQuality(lastYear, { openHours: true }),
        organisations: await transferredPerOrganisation(range),
        lastYearOrganisations: await transferredPerOrganisation(lastYear),
      })
    }
    const year = await computeRangeQuality({ from: '2026-01-01', to: '2026-12-31' }, false)
    assert.equal(year.source, 'calls+statistics')
    assert.include(year.warnings, 'statisticsTarget:0850813000:45')
  }).timeout(120_000)
})
