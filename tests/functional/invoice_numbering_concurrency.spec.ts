/**
 * Concurrent issuing with real commits (no global transaction): 50 parallel requests for
 * ten periods, five each. Numbers must come out unique and without gaps.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { periodWithShares } from '#tests/helpers/month_end_fixtures'
import { issueInvoices } from '#actions/month_end/issue_invoices'

const PERIODS = Array.from({ length: 10 }, (_, i) => `2031-${String(i + 1).padStart(2, '0')}`)

async function cleanUp() {
  // TRUNCATE does not fire the row triggers that protect issued invoices
  await db.rawQuery(
    `TRUNCATE invoice_lines, invoices, invoice_series, allocation_shares, allocations, periods CASCADE`
  )
  await db.from('organisations').where('code', 'like', 'PARALLELL-%').delete()
}

test.group('Invoice numbering under concurrency', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('50 parallel issue requests for ten periods give each period its invoices once, numbered without gaps or repeats', async ({
    assert,
  }) => {
    const organisations = []
    for (let i = 0; i < 3; i++) {
      const [row] = await db
        .table('organisations')
        .insert({
          code: `PARALLELL-${i}`,
          name: `Parallell ${i}`,
          kind: 'forvaltning',
          active_from: '2009-01-01',
          created_at: new Date(),
          updated_at: new Date(),
        })
        .returning('id')
      organisations.push(row.id)
    }
    for (const period of PERIODS) {
      await periodWithShares(
        period,
        organisations.map((id) => ({ organisationId: id, amountOre: 100 })),
        { pool: 'SAMORDNING' }
      )
    }

    const requests = PERIODS.flatMap((period) =>
      Array.from({ length: 5 }, () => issueInvoices(period, null))
    )
    const results = await Promise.all(requests)
    assert.isTrue(results.every((result) => result.ok))
    assert.equal(results.filter((result) => result.ok && !result.alreadyInvoiced).length, 10)

    const rows = await db
      .from('invoices')
      .select('year', 'sequence', 'period', 'organisation_id')
      .orderBy('sequence')
    assert.lengthOf(rows, 30)
    assert.deepEqual(
      rows.map((row) => row.sequence),
      Array.from({ length: 30 }, (_, i) => i + 1)
    )
    const perPeriod = new Map<string, number>()
    for (const row of rows) perPeriod.set(row.period, (perPeriod.get(row.period) ?? 0) + 1)
    assert.deepEqual([...perPeriod.values()], Array(10).fill(3))
    const series = await db.from('invoice_series').firstOrFail()
    assert.equal(series.last_number, 30)
  }).timeout(60_000)
})
