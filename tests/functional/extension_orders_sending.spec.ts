/**
 * Sending approved extension orders to the supplier (issue 16, acceptance review): by
 * e-mail when the installation has a mail server and the supplier's address, and otherwise
 * by hand — the coordinator downloads the same CSV and marks the orders sent — so an
 * approved order can always move on to "Skickad" and then "Utförd".
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

async function approvedOrder(organisationId: number, orderedBy: number, number = '0850899701') {
  await db.table('extensions').insert({
    number,
    organisation_id: organisationId,
    name: 'Gamla receptionen',
    type: 'Fast',
    valid_from: '2020-01-01',
  })
  const [order] = await db
    .table('extension_orders')
    .insert({
      organisation_id: organisationId,
      kind: 'remove',
      number,
      wished_date: clock.today(),
      ordered_by: orderedBy,
      status: 'godkand',
    })
    .returning('id')
  return Number(order.id)
}

const noSupplierAddress = () =>
  db.from('settings').where('key', 'supplier_order_email').update({ value: '' })

const statusOf = async (id: number) =>
  (await db.from('extension_orders').where('id', id).firstOrFail()).status as string

test.group('Extension orders / sending to the supplier without e-mail', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('without e-mail to the supplier an approved order is marked sent by hand and can then be marked done', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const id = await approvedOrder(organisation.id, contact.id)
    await noSupplierAddress()

    // sending by e-mail is refused: the order stays approved
    const refused = await client
      .post('/anknytningar/bestallningar/skicka')
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    assert.equal(await statusOf(id), 'godkand')

    // marked sent by hand, it moves on
    const marked = await client
      .post('/anknytningar/bestallningar/skickade')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ ids: String(id) })
      .redirects(0)
    marked.assertStatus(302)
    const order = await db.from('extension_orders').where('id', id).firstOrFail()
    assert.equal(order.status, 'skickad')
    assert.equal(order.sent_via, 'hand')
    assert.equal(order.sent_by, coordinator.id)
    assert.isNotNull(order.sent_at)

    // and "Utförd" works as before: the register changes
    const done = await client
      .post(`/anknytningar/bestallningar/${id}/utford`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ performedOn: clock.today() })
      .redirects(0)
    done.assertStatus(302)
    assert.equal(await statusOf(id), 'utford')
  })
})
