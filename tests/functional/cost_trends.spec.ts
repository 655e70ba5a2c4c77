/**
 * Cost trends (issue 17 point 6): a month without a charge, calls or extensions shows "–",
 * never 0,00 kr; the caption names the months the table shows; a draft month is not called
 * charged; for one organisation the ratio is per transferred call and says so.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { periodWithShares } from '#tests/helpers/month_end_fixtures'
import { clock } from '#services/clock'

/** The table's body rows as lists of cell texts. */
function tableRows(html: string) {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'))
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      cell[1]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    )
  )
}

test.group('Cost trends', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => clock.restore())

  test('a month without a charge or calls shows "–", the caption names the months shown, and a draft month is marked as not yet charged', async ({
    client,
    assert,
  }) => {
    clock.freeze('2026-12-03T10:00:00Z')
    const organisation = await OrganisationFactory.create()
    await periodWithShares('2025-01', [{ organisationId: organisation.id, amountOre: 100_000 }])
    await periodWithShares('2025-02', [{ organisationId: organisation.id, amountOre: 50_000 }], {
      status: 'draft',
    })
    await db.table('call_daily').insert({
      day: '2025-03-10',
      entry_number: '0850811400',
      outcome: 'besvarat',
      wait_bucket: 0,
      calls: 40,
      wait_seconds: 400,
      talk_seconds: 4000,
      cost: 0,
    })
    const coordinator = await UserFactory.create()
    const page = await client.get('/rapporter/kostnadsutveckling').loginAs(coordinator)
    page.assertStatus(200)
    assert.include(page.text(), 'Kostnad per månad januari 2025 – mars 2025')
    assert.deepEqual(tableRows(page.text()), [
      ['januari 2025', '1 000,00 kr', '–', '–', '–', '–'],
      ['februari 2025', '500,00 kr utkast, ej debiterat', '–', '–', '–', '–'],
      ['mars 2025', '–', '40', '–', '–', '–'],
    ])
  })

  test('for one organisation the ratio is per transferred call and its heading says so', async ({
    client,
  }) => {
    const organisation = await OrganisationFactory.create()
    const coordinator = await UserFactory.create()
    const page = await client
      .get(`/rapporter/kostnadsutveckling?organisation=${organisation.id}`)
      .loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Per kopplat samtal')
    const city = await client.get('/rapporter/kostnadsutveckling').loginAs(coordinator)
    city.assertTextIncludes('Per besvarat samtal')
  })
})
