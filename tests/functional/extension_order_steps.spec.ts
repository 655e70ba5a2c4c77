/**
 * The coordinator's steps on an extension order say what happened (issue 16, attack pass):
 * marking sent words one order in the singular and tells a new (never approved) order from
 * one no longer approved, and an order cannot be marked done before it was sent.
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

async function order(organisationId: number, orderedBy: number, number: string, status: string) {
  await db.table('extensions').insert({
    number,
    organisation_id: organisationId,
    name: 'Receptionen',
    type: 'Fast',
    valid_from: '2020-01-01',
  })
  const [row] = await db
    .table('extension_orders')
    .insert({
      organisation_id: organisationId,
      kind: 'remove',
      number,
      wished_date: clock.today(),
      ordered_by: orderedBy,
      status,
    })
    .returning('id')
  return Number(row.id)
}

const markSent = (client: ApiClient, user: User, orderIds: string) =>
  client
    .post('/anknytningar/bestallningar/skickade')
    .loginAs(user)
    .withCsrfToken()
    .form({ orderIds })
    .redirects(0)

test.group('Extension orders / the words of the steps', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => clock.restore())

  test('one order marked sent is "skickad"; a new order among them is said to be not approved, not "no longer approved"', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const approved = await order(organisation.id, contact.id, '0850899721', 'godkand')
    const fresh = await order(organisation.id, contact.id, '0850899722', 'ny')
    const response = await markSent(client, coordinator, `${approved},${fresh}`)
    response.assertFlashMessage(
      'success',
      '1 beställning markerades som skickad till leverantören. 1 var inte godkänd och lämnades som den var.'
    )
  })

  test('marking only a new order sent is refused: it is not approved', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const fresh = await order(organisation.id, contact.id, '0850899723', 'ny')
    const response = await markSent(client, coordinator, String(fresh))
    response.assertFlashMessage(
      'error',
      'Beställningen är inte godkänd än. Godkänn den innan den skickas till leverantören.'
    )
    assert.equal((await db.from('extension_orders').where('id', fresh).first()).status, 'ny')
  })

  test('an order cannot be marked done on a day before it was sent: refused in Swedish naming the day', async ({
    client,
    assert,
  }) => {
    clock.freeze('2026-12-20T10:00:00Z')
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const id = await order(organisation.id, contact.id, '0850899724', 'skickad')
    await db
      .from('extension_orders')
      .where('id', id)
      .update({
        created_at: new Date('2026-12-03T08:00:00Z'),
        sent_at: new Date('2026-12-10T08:00:00Z'),
        sent_via: 'hand',
        sent_by: coordinator.id,
      })
    const complete = (performedOn: string) =>
      client
        .post(`/anknytningar/bestallningar/${id}/utford`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ performedOn })
        .redirects(0)
    ;(await complete('2026-12-05')).assertFlashMessage(
      'error',
      'Utförd den kan inte vara före dagen beställningen skickades till leverantören (2026-12-10).'
    )
    assert.equal((await db.from('extension_orders').where('id', id).first()).status, 'skickad')
    ;(await complete('2026-12-10')).assertStatus(302)
    assert.equal((await db.from('extension_orders').where('id', id).first()).status, 'utford')
  })

  test("an entry that an order made names the order as its source in the number's history", async ({
    client,
  }) => {
    clock.freeze('2026-12-20T10:00:00Z')
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const id = await order(organisation.id, contact.id, '0850899730', 'skickad')
    await db
      .from('extension_orders')
      .where('id', id)
      .update({
        kind: 'change',
        name: 'Nya receptionen',
        created_at: new Date('2026-12-03T08:00:00Z'),
        sent_at: new Date('2026-12-10T08:00:00Z'),
        sent_via: 'hand',
        sent_by: coordinator.id,
      })
    ;(
      await client
        .post(`/anknytningar/bestallningar/${id}/utford`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ performedOn: '2026-12-15' })
        .redirects(0)
    ).assertStatus(302)
    const history = await client.get('/anknytningar/0850899730').loginAs(coordinator)
    history.assertTextIncludes('Nya receptionen')
    history.assertTextIncludes(`href="/anknytningar/bestallningar/${id}">Beställning ${id}</a>`)
  })

  test('marking an order that does not exist done answers 404, as deciding on it does', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    for (const [path, form] of [
      ['utford', { performedOn: clock.today() }],
      ['beslut', { decision: 'approve', comment: '' }],
    ] as const) {
      const response = await client
        .post(`/anknytningar/bestallningar/99999/${path}`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form(form)
        .redirects(0)
      response.assertStatus(404)
    }
  })
})
