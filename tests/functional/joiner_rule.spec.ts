import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { runAllocation } from '#actions/month_end/run_allocation'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { controlLoopCity } from '#tests/helpers/control_loop_city'

/**
 * The joiner rule (DOMAIN.md "Guards"): key date 2025-10-31, period 2026-10; TELEFONIST
 * 100 000,00 kr over ADM-A 3, ADM-B 2, BOLAG-C 5 and the joiner's count.
 */
test.group('Joiner rule', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a participant connected after the key date is charged on its count at the first date with extensions, with a warning', async ({
    assert,
  }) => {
    await controlLoopCity()
    const joiner = await OrganisationFactory.merge({
      code: 'NY-BOLAG',
      kind: 'bolag',
      activeFrom: DateTime.fromISO('2026-03-01'),
    }).create()
    const extension = (number: string, from: string) => ({
      number,
      organisation_id: joiner.id,
      valid_from: from,
    })
    // nothing on 2026-03-01; three from 2026-03-10; two more from 2026-05-01
    await db
      .table('extensions')
      .multiInsert([
        extension('0851990001', '2026-03-10'),
        extension('0851990002', '2026-03-10'),
        extension('0851990003', '2026-03-10'),
        extension('0851990004', '2026-05-01'),
        extension('0851990005', '2026-05-01'),
      ])
    const result = await runAllocation('2026-10', null)
    assert.isTrue(result.ok)
    const run = result as Extract<typeof result, { ok: true }>
    const pool = run.pools.find((p) => p.code === 'TELEFONIST')!
    // W = 13: floors 2 307 692 (r4), 1 538 461 (r7), 3 846 153 (r11), 2 307 692 (r4); 2 öre to C, B
    assert.deepEqual(
      Object.fromEntries(pool.shares.map((s) => [s.organisation, [s.count, s.amountOre]])),
      {
        'ADM-A': [3, 2_307_692],
        'ADM-B': [2, 1_538_462],
        'BOLAG-C': [5, 3_846_154],
        'NY-BOLAG': [3, 2_307_692],
      }
    )
    const warning = run.warnings.find((w) => w.startsWith('TELEFONIST: NY-BOLAG'))
    assert.isDefined(warning)
    assert.include(warning!, '2026-03-10')
    assert.include(warning!, '3 anknytningar')
  })

  test('a participant connected on or before the key date with no extensions still counts 0', async ({
    assert,
  }) => {
    await controlLoopCity()
    await OrganisationFactory.merge({
      code: 'TOM-FORV',
      activeFrom: DateTime.fromISO('2025-10-31'),
    }).create()
    const result = await runAllocation('2026-10', null)
    const run = result as Extract<typeof result, { ok: true }>
    const share = run.pools
      .find((p) => p.code === 'TELEFONIST')!
      .shares.find((s) => s.organisation === 'TOM-FORV')!
    assert.deepEqual([share.count, share.amountOre], [0, 0])
    assert.isUndefined(run.warnings.find((w) => w.startsWith('TELEFONIST: TOM-FORV')))
  })
})
