/**
 * Deciding on an extension order (issue 16, acceptance check): approving and rejecting are
 * the coordinator's; a contact may only withdraw their own organisation's new order. A
 * contact who asks for a coordinator's decision is refused like on every coordinator-only
 * route (403, "behörighet"), not with a message about the order's status.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

async function newOrder(organisationId: number, orderedBy: number) {
  await db.table('extensions').insert({
    number: '0850899702',
    organisation_id: organisationId,
    name: 'Gamla växeln',
    type: 'Fast',
    valid_from: '2020-01-01',
  })
  const [order] = await db
    .table('extension_orders')
    .insert({
      organisation_id: organisationId,
      kind: 'remove',
      number: '0850899702',
      wished_date: clock.today(),
      ordered_by: orderedBy,
      status: 'ny',
    })
    .returning('id')
  return Number(order.id)
}

const statusOf = async (id: number) =>
  (await db.from('extension_orders').where('id', id).firstOrFail()).status as string

test.group('Extension orders / decisions', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  for (const decision of ['approve', 'reject']) {
    test(`a contact's "${decision}" on their own organisation's order is refused as not theirs to do (403, behörighet)`, async ({
      client,
      assert,
    }) => {
      const { user: contact, organisation } = await createContact()
      const id = await newOrder(organisation.id, contact.id)
      const response = await client
        .post(`/anknytningar/bestallningar/${id}/beslut`)
        .loginAs(contact)
        .withCsrfToken()
        .form({ decision, comment: 'Själv' })
        .redirects(0)
      response.assertStatus(403)
      assert.include(response.text(), 'behörighet')
      assert.equal(await statusOf(id), 'ny')
    })
  }

  test('a contact may still withdraw their own organisation’s new order', async ({
    client,
    assert,
  }) => {
    const { user: contact, organisation } = await createContact()
    const id = await newOrder(organisation.id, contact.id)
    const response = await client
      .post(`/anknytningar/bestallningar/${id}/beslut`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ decision: 'cancel' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(await statusOf(id), 'makulerad')
  })

  test('the coordinator approves a new order', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const id = await newOrder(organisation.id, contact.id)
    const response = await client
      .post(`/anknytningar/bestallningar/${id}/beslut`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ decision: 'approve' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(await statusOf(id), 'godkand')
  })
})
