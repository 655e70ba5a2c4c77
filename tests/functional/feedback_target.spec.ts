/**
 * The response target is the one in force when the feedback was forwarded (issue 16, attack
 * pass): changing the setting later does not rewrite past months' report or the feedback's
 * status.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

test.group('Feedback / the target kept with each item', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => clock.restore())

  test('feedback forwarded under a 24 h target and answered after 30 h stays late after the target is raised to 48 h', async ({
    client,
    assert,
  }) => {
    clock.freeze('2026-10-05T08:00:00Z')
    const coordinator = await UserFactory.create()
    const { organisation } = await createContact()
    await db.from('settings').where('key', 'feedback_response_target_hours').update({ value: '24' })
    ;(
      await client
        .post('/aterkoppling')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({
          organisationId: String(organisation.id),
          type: 'klagomal',
          receivedOn: '2026-10-05',
          description: 'Uppringaren kopplades till fel enhet.',
        })
        .redirects(0)
    ).assertStatus(302)
    const feedback = await db.from('organisation_feedback').firstOrFail()
    assert.equal(feedback.response_target_hours, 24)
    await db
      .from('organisation_feedback')
      .where('id', feedback.id)
      .update({
        answer: 'Vi har rättat hänvisningen.',
        answered_at: new Date('2026-10-06T14:00:00Z'),
      })

    clock.freeze('2026-11-10T12:00:00Z')
    await db.from('settings').where('key', 'feedback_response_target_hours').update({ value: '48' })
    const csv = await client
      .get('/aterkoppling/svarstider/export?from=2026-10&to=2026-10')
      .loginAs(coordinator)
    const line = csv
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)[1]
    // received 1, praise 0, in time 0, late 1, waiting 0, overdue 0, 30 h, 0 %
    assert.equal(line.split(';').slice(1).join(';'), `${organisation.name};1;0;0;1;0;0;1800;0`)
    const page = await client.get(`/aterkoppling/${feedback.id}`).loginAs(coordinator)
    assert.include(page.text(), 'Besvarad för sent')
  })
})
