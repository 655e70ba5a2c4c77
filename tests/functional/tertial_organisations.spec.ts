/**
 * The tertial and annual report's "Anslutna organisationer" (issue 17 point 3): connected
 * means connected to the switchboard in the period per the organisation register
 * (connected-from, by default the active-from date; connected-to), whether or not the
 * organisation has calls of its own.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { tertialReport } from '#queries/reports/tertial_report'

async function organisation(code: string, dates: Record<string, string | null>) {
  await db.table('organisations').insert({
    code,
    name: `Organisation ${code}`,
    kind: 'forvaltning',
    active_from: '2009-01-01',
    created_at: new Date(),
    updated_at: new Date(),
    ...dates,
  })
}

test.group('Tertial report: connected organisations', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an organisation connected in the period counts without calls: connected-from defaults to active-from; one that left or joined after the period does not', async ({
    assert,
    client,
  }) => {
    await db.from('organisations').delete()
    await organisation('T-DEFAULT', { connected_from: null })
    await organisation('T-EXPLICIT', { connected_from: '2015-03-01' })
    await organisation('T-JOINED', { connected_from: '2026-05-01' })
    await organisation('T-LEFT-IN', { connected_from: '2010-01-01', connected_to: '2026-03-31' })
    await organisation('T-LEFT-BEFORE', {
      connected_from: '2010-01-01',
      connected_to: '2025-12-31',
    })
    await organisation('T-LATER', { connected_from: '2026-09-01' })
    await organisation('T-CLOSED', { active_to: '2025-06-30' })
    const report = await tertialReport(2026, 2)
    assert.deepEqual(
      report.organisations.map((row) => [row.code, row.connectedFrom, row.joinedInPeriod]),
      [
        ['T-DEFAULT', '2009-01-01', false],
        ['T-EXPLICIT', '2015-03-01', false],
        ['T-JOINED', '2026-05-01', true],
        ['T-LEFT-IN', '2010-01-01', false],
      ]
    )
    const coordinator = await UserFactory.create()
    const page = await client.get('/rapporter/tertial?ar=2026&tertial=2').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Organisation T-DEFAULT')
  })
})
