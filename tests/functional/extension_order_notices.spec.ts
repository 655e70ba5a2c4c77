/**
 * Extension orders tell the people concerned (issue 16, attack pass): the coordinators
 * when a contact orders, the ordering contact when the order is decided, sent and done,
 * and the contacts of the organisation a move gives the extension to, who also see that
 * order (read-only). The coordinator's start page lists the orders waiting at each step.
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

async function extensionOf(organisationId: number, number: string) {
  await db.table('extensions').insert({
    number,
    organisation_id: organisationId,
    name: 'Receptionen',
    type: 'Fast',
    valid_from: '2020-01-01',
  })
}

const noticesOf = (userId: number) =>
  db.from('notifications').where('user_id', userId).orderBy('id').select('*')

async function waiting(client: ApiClient, user: User) {
  const html = (await client.get('/oversikt').loginAs(user)).text()
  const items = new Map<string, string>()
  for (const match of html.matchAll(
    /<li data-waiting="([a-zA-Z]+)"><a href="([^"]*)">([^<]*)<\/a>/g
  ))
    items.set(match[1], `${match[3]} → ${match[2]}`)
  return items
}

const post = (client: ApiClient, user: User, url: string, form: Record<string, string>) =>
  client.post(url).loginAs(user).withCsrfToken().form(form).redirects(0)

test.group('Extension orders / notices and what waits', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an order notifies the coordinators and waits on their start page to be decided, sent and marked done; the ordering contact hears of each step with the comment', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    await extensionOf(organisation.id, '0850899711')
    await db.from('settings').where('key', 'supplier_order_email').update({ value: '' })

    const placed = await post(client, contact, '/anknytningar/bestallningar', {
      kind: 'remove',
      number: '0850899711',
      wishedDate: clock.today(),
    })
    placed.assertStatus(302)
    const order = await db.from('extension_orders').where('number', '0850899711').firstOrFail()
    const [placedNotice] = await noticesOf(coordinator.id)
    assert.equal(placedNotice.kind, 'extension_order')
    assert.equal(placedNotice.message_key, 'extensionOrderPlaced')
    assert.include(placedNotice.title, '0850899711')
    assert.equal(placedNotice.url, `/anknytningar/bestallningar/${order.id}`)
    const toDecide = await waiting(client, coordinator)
    assert.include(toDecide.get('extensionOrdersToDecide'), '1 beställning')
    assert.include(toDecide.get('extensionOrdersToDecide'), '/anknytningar/bestallningar?status=ny')

    await post(client, coordinator, `/anknytningar/bestallningar/${order.id}/beslut`, {
      decision: 'approve',
      comment: 'Görs i samband med flytten',
    }).then((r) => r.assertStatus(302))
    const approved = (await noticesOf(contact.id)).at(-1)
    assert.equal(approved.message_key, 'extensionOrderApproved')
    assert.include(approved.title, 'Görs i samband med flytten')
    const toSend = await waiting(client, coordinator)
    assert.isFalse(toSend.has('extensionOrdersToDecide'))
    assert.include(
      toSend.get('extensionOrdersToSend'),
      '/anknytningar/bestallningar?status=godkand'
    )

    await post(client, coordinator, '/anknytningar/bestallningar/skickade', {
      orderIds: String(order.id),
    }).then((r) => r.assertStatus(302))
    assert.equal((await noticesOf(contact.id)).at(-1).message_key, 'extensionOrderSent')
    const toComplete = await waiting(client, coordinator)
    assert.isFalse(toComplete.has('extensionOrdersToSend'))
    // one order in the singular all through
    assert.include(
      toComplete.get('extensionOrdersToComplete'),
      '1 skickad beställning av anknytningar att markera som utförd när'
    )
    assert.include(
      toComplete.get('extensionOrdersToComplete'),
      '/anknytningar/bestallningar?status=skickad'
    )

    await post(client, coordinator, `/anknytningar/bestallningar/${order.id}/utford`, {
      performedOn: clock.today(),
    }).then((r) => r.assertStatus(302))
    const done = (await noticesOf(contact.id)).at(-1)
    assert.equal(done.message_key, 'extensionOrderDone')
    assert.equal(done.kind, 'extension_order')
    assert.isFalse((await waiting(client, coordinator)).has('extensionOrdersToComplete'))
  })

  test('a rejected order tells the ordering contact why', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    await extensionOf(organisation.id, '0850899712')
    await post(client, contact, '/anknytningar/bestallningar', {
      kind: 'remove',
      number: '0850899712',
      wishedDate: clock.today(),
    })
    const order = await db.from('extension_orders').where('number', '0850899712').firstOrFail()
    await post(client, coordinator, `/anknytningar/bestallningar/${order.id}/beslut`, {
      decision: 'reject',
      comment: 'Anknytningen används av larmet',
    }).then((r) => r.assertStatus(302))
    const rejected = (await noticesOf(contact.id)).at(-1)
    assert.equal(rejected.message_key, 'extensionOrderRejected')
    assert.include(rejected.title, 'Anknytningen används av larmet')
    const list = await client.get('/aviseringar').loginAs(contact)
    assert.include(list.text(), 'Anknytningen används av larmet')
  })

  test('an order the coordinator withdraws tells the ordering contact; one the contact withdraws tells nobody', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    await extensionOf(organisation.id, '0850899713')
    await extensionOf(organisation.id, '0850899714')
    for (const number of ['0850899713', '0850899714'])
      await post(client, contact, '/anknytningar/bestallningar', {
        kind: 'remove',
        number,
        wishedDate: clock.today(),
      }).then((r) => r.assertStatus(302))
    const [first, second] = await db
      .from('extension_orders')
      .whereIn('number', ['0850899713', '0850899714'])
      .orderBy('number')
    const before = (await noticesOf(contact.id)).length
    await post(client, coordinator, `/anknytningar/bestallningar/${first.id}/beslut`, {
      decision: 'cancel',
    }).then((r) => r.assertStatus(302))
    const withdrawn = (await noticesOf(contact.id)).at(-1)
    assert.equal(withdrawn.message_key, 'extensionOrderCancelled')
    assert.equal(
      withdrawn.title,
      `Din beställning nr ${first.id} (anknytning 0850899713) är makulerad`
    )
    await post(client, contact, `/anknytningar/bestallningar/${second.id}/beslut`, {
      decision: 'cancel',
    }).then((r) => r.assertStatus(302))
    assert.lengthOf(await noticesOf(contact.id), before + 1)
  })

  test('the contacts of the organisation a move gives the extension to see the order read-only and are told when it is done', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const { user: receiver, organisation: target } = await createContact()
    const { user: bystander } = await createContact()
    await extensionOf(organisation.id, '0850899713')
    await post(client, contact, '/anknytningar/bestallningar', {
      kind: 'move',
      number: '0850899713',
      targetOrganisationId: String(target.id),
      wishedDate: clock.today(),
    }).then((r) => r.assertStatus(302))
    const order = await db.from('extension_orders').where('number', '0850899713').firstOrFail()

    const shown = await client.get(`/anknytningar/bestallningar/${order.id}`).loginAs(receiver)
    shown.assertStatus(200)
    // read-only: no withdrawal for the receiving organisation, and a POST is a 404
    assert.notInclude(shown.text(), 'value="cancel"')
    const list = await client.get('/anknytningar/bestallningar').loginAs(receiver)
    assert.include(list.text(), '0850899713')
    const cancel = await post(client, receiver, `/anknytningar/bestallningar/${order.id}/beslut`, {
      decision: 'cancel',
    })
    cancel.assertStatus(404)
    assert.equal(
      (await db.from('extension_orders').where('id', order.id).firstOrFail()).status,
      'ny'
    )
    // an organisation the order does not concern still does not see it
    ;(await client.get(`/anknytningar/bestallningar/${order.id}`).loginAs(bystander)).assertStatus(
      404
    )

    await db.from('extension_orders').where('id', order.id).update({ status: 'skickad' })
    await post(client, coordinator, `/anknytningar/bestallningar/${order.id}/utford`, {
      performedOn: clock.today(),
    }).then((r) => r.assertStatus(302))
    const told = (await noticesOf(receiver.id)).at(-1)
    assert.equal(told?.message_key, 'extensionOrderMovedIn')
    assert.include(told.title, '0850899713')
    assert.lengthOf(await noticesOf(bystander.id), 0)
  })

  test('extension-order notices are a choice under Aviseringar > Inställningar, for contacts too', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const page = await client.get('/aviseringar/installningar').loginAs(contact)
    page.assertStatus(200)
    assert.include(page.text(), 'name="extension_order"')
  })
})
