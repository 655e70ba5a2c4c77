import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { importStatistics } from '#actions/statistics/import_statistics'
import { monthQuality } from '#queries/quality/month_quality'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

const fixture = (name: string) => ({
  filePath: new URL(`../fixtures/statistics/${name}`, import.meta.url).pathname,
  fileName: name,
  userId: null,
})

test.group('Supplier statistics', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a month without call records is reported from the statistics, and says so', async ({
    assert,
  }) => {
    const result = await importStatistics(fixture('valid.csv'))
    assert.include(result, { status: 'imported', stored: 2 })
    const report = await monthQuality('2026-08')
    assert.equal(report.source, 'statistics')
    assert.include(report.figures, {
      offered: 300,
      answered: 285,
      answeredWithinTarget: 235,
      abandoned: 15,
      shortAbandons: 7,
    })
    assert.equal(report.figures.serviceLevel, 235 / 300)
    assert.equal(report.figures.asaSeconds, 8550 / 285)
  })

  test('statistics counted with another target time are imported, and the report says so', async ({
    assert,
  }) => {
    await importStatistics(fixture('other_target.csv'))
    const report = await monthQuality('2026-08')
    assert.match(report.warnings[0], /räknar "inom mål" med 90 s, avtalet med 60 s/)
  })

  test('an entry number with call records in the month is never counted twice', async ({
    assert,
  }) => {
    await importStatistics(fixture('valid.csv'))
    await insertCallAggregates([
      { hour: '2026-08-03T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 10 },
    ])
    const report = await monthQuality('2026-08')
    assert.equal(report.source, 'calls')
    assert.equal(report.figures.offered, 10)
  })

  const bad: [string, number, string, RegExp][] = [
    [
      'within_exceeds_answered.csv',
      2,
      'Besvarade inom mål',
      /^rad 2: Besvarade inom mål "96" är fler än Besvarade \(95\)/,
    ],
    [
      'offered_mismatch.csv',
      2,
      'Erbjudna',
      /^rad 2: Erbjudna \(101\) ska vara Besvarade \+ Avbrutna \(100\)/,
    ],
    ['negative_count.csv', 2, 'Korta avbrott', /^rad 2: Korta avbrott "-3" får inte vara negativt/],
  ]
  for (const [name, line, column, message] of bad) {
    test(`${name}: rejected whole with line and column, nothing stored`, async ({ assert }) => {
      const result = await importStatistics(fixture(name))
      assert.equal(result.status, 'rejected')
      assert.include(result.errors[0], { line, column })
      assert.match(result.errors[0].message, message)
      const [{ count }] = await db.from('supplier_statistics').count('* as count')
      assert.equal(Number(count), 0)
    })
  }
})
