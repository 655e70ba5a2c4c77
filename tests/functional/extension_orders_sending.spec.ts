/**
 * Sending approved extension orders to the supplier (issue 16, acceptance review): by
 * e-mail when the installation has a mail server and the supplier's address, and otherwise
 * by hand — the coordinator downloads the same CSV and marks the orders sent — so an
 * approved order can always move on to "Skickad" and then "Utförd".
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { clock } from '#services/clock'
import { markExtensionOrdersSent } from '#actions/extension_orders/mark_extension_orders_sent'

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

const markSent = (client: ApiClient, user: User, orderIds: string) =>
  client
    .post('/anknytningar/bestallningar/skickade')
    .loginAs(user)
    .withCsrfToken()
    .form({ orderIds })
    .redirects(0)

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

    // the page says so and offers the file and the manual step instead of the e-mail
    const page = await client.get('/anknytningar/bestallningar').loginAs(coordinator)
    assert.include(page.text(), 'Växelnavet kan inte skicka e-post till leverantören här')
    assert.notInclude(page.text(), 'Skicka godkända till leverantören')
    assert.include(page.text(), `orderIds=${id}`)

    // marked sent by hand, it moves on
    const marked = await client
      .post('/anknytningar/bestallningar/skickade')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ orderIds: String(id) })
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

test.group('Extension orders / the day it was performed', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => clock.restore())

  test('an order cannot be marked done on a day before it was placed: refused in Swedish, the register unchanged', async ({
    client,
    assert,
  }) => {
    clock.freeze('2026-12-20T10:00:00Z')
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const id = await approvedOrder(organisation.id, contact.id)
    await db
      .from('extension_orders')
      .where('id', id)
      .update({
        status: 'skickad',
        created_at: new Date('2026-12-03T08:00:00Z'),
        wished_date: '2026-12-15',
        sent_at: new Date('2026-12-03T09:00:00Z'),
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

    const early = await complete('2026-11-01')
    early.assertFlashMessage(
      'error',
      'Utförd den kan inte vara före beställningsdagen (2026-12-03).'
    )
    assert.equal(await statusOf(id), 'skickad')
    const register = await db.from('extensions').where('number', '0850899701')
    assert.lengthOf(register, 1)
    assert.isNull(register[0].valid_to)

    // the day it was placed is accepted
    ;(await complete('2026-12-03')).assertStatus(302)
    assert.equal(await statusOf(id), 'utford')
  })
})

test.group('Extension orders / the order file and marking sent by hand', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the downloaded order file is the CSV the e-mail to the supplier carries, byte for byte, with plain values (no Excel ="…")', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const first = await approvedOrder(organisation.id, contact.id, '0850899701')
    const second = await approvedOrder(organisation.id, contact.id, '0850899702')

    const page = await client.get('/anknytningar/bestallningar').loginAs(coordinator)
    page.assertStatus(200)
    assert.include(page.text(), 'Ladda ner beställningsfil (CSV)')
    assert.include(page.text(), 'Markera som skickade till leverantören')

    const download = await client
      .get(`/anknytningar/bestallningar/bestallningsfil?orderIds=${first},${second}`)
      .loginAs(coordinator)
    download.assertStatus(200)
    assert.match(download.header('content-type') ?? '', /^text\/csv/)
    assert.include(
      download.header('content-disposition') ?? '',
      `bestallningar-${clock.today()}.csv`
    )
    const file = download.text()
    const lines = file
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
    assert.equal(
      lines[0],
      'Beställning;Typ av beställning;Anknytning;Organisation;Ansvar;Namn;Typ;Till organisation;Till ansvar;Önskat datum;Kommentar'
    )
    assert.lengthOf(lines, 3)
    // plain values for the supplier's system, never Excel's `="…"` (docs/adr/0033)
    assert.isTrue(
      lines[1].startsWith(
        `${first};Borttag;0850899701;${organisation.code};${organisation.costCentre};`
      )
    )
    assert.notInclude(file, '="')
    assert.isTrue(lines[2].startsWith(`${second};Borttag;`))
    // downloading changes nothing
    assert.equal(await statusOf(first), 'godkand')

    const { messages } = mail.fake()
    await client
      .post('/anknytningar/bestallningar/skicka')
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    messages.assertSentCount(1)
    const [message] = messages.sent(() => true)
    message.assertTo('bestallning@leverantor.example')
    // the fake keeps attachData's bytes as a base64 string
    const [attachment] = message.toJSON().message.attachments as {
      filename: string
      content: string
      encoding: BufferEncoding
    }[]
    assert.equal(attachment.filename, `bestallningar-${clock.today()}.csv`)
    assert.equal(Buffer.from(attachment.content, attachment.encoding).toString('utf8'), file)
    const order = await db.from('extension_orders').where('id', first).firstOrFail()
    assert.equal(order.status, 'skickad')
    assert.equal(order.sent_via, 'email')
  })

  test('marking sent by hand moves only the listed orders that are approved, records who, when and how, audits it and shows it in the history', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.merge({ fullName: 'Eva Samordnare' }).create()
    const { user: contact, organisation } = await createContact()
    const listed = await approvedOrder(organisation.id, contact.id, '0850899701')
    const approvedLater = await approvedOrder(organisation.id, contact.id, '0850899702')
    const fresh = await approvedOrder(organisation.id, contact.id, '0850899703')
    await db.from('extension_orders').where('id', fresh).update({ status: 'ny' })

    const response = await markSent(client, coordinator, `${listed},${fresh}`)
    response.assertStatus(302)
    assert.include(
      String(response.flashMessages().success),
      // a new order was never approved: "not approved", not "no longer approved"
      '1 beställning markerades som skickad till leverantören. 1 var inte godkänd'
    )
    assert.equal(await statusOf(listed), 'skickad')
    // not listed on the page the coordinator acted on: still waiting
    assert.equal(await statusOf(approvedLater), 'godkand')
    // not approved: untouched
    assert.equal(await statusOf(fresh), 'ny')

    const audit = await db
      .from('audit_log')
      .where('entity_type', 'extension_order')
      .where('user_id', coordinator.id)
    assert.lengthOf(audit, 1)
    assert.include(audit[0].summary, 'för hand')
    assert.include(audit[0].summary, String(listed))

    const page = await client.get(`/anknytningar/bestallningar/${listed}`).loginAs(contact)
    page.assertStatus(200)
    assert.match(
      page.text(),
      /<li data-history="sentByHand">[^<]*Markerad som skickad till leverantören för hand, Eva Samordnare<\/li>/
    )
  })

  test('a second click finds nothing left to mark: refused in Swedish, no second transition or audit entry', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const id = await approvedOrder(organisation.id, contact.id)
    ;(await markSent(client, coordinator, String(id))).assertStatus(302)
    const sentAt = (await db.from('extension_orders').where('id', id).firstOrFail()).sent_at

    const again = await markSent(client, coordinator, String(id))
    again.assertStatus(302)
    assert.equal(
      again.flashMessages().error,
      'Ingen av beställningarna är godkänd längre – de är redan skickade eller makulerade. Ladda om sidan.'
    )
    const order = await db.from('extension_orders').where('id', id).firstOrFail()
    assert.equal(order.status, 'skickad')
    assert.deepEqual(order.sent_at, sentAt)
    const audit = await db
      .from('audit_log')
      .where('entity_type', 'extension_order')
      .where('user_id', coordinator.id)
    assert.lengthOf(audit, 1)
  })

  test('an order list that is not comma-separated order numbers is refused with a Swedish message', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    for (const orderIds of ['', 'abc', '1;2', '-1', '1,,2', `1${',1'.repeat(500)}`]) {
      const response = await markSent(client, coordinator, orderIds)
      response.assertStatus(302)
      const errors = (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
      assert.match(errors.orderIds?.[0] ?? '', /^Beställningarna /, orderIds.slice(0, 20))
    }
    // an id no order can have is no order: nothing to mark, not a server error
    const huge = await markSent(client, coordinator, '9999999999')
    huge.assertStatus(302)
    assert.include(String(huge.flashMessages().error), 'Ingen av beställningarna är godkänd')
    const download = await client
      .get('/anknytningar/bestallningar/bestallningsfil?orderIds=x')
      .loginAs(coordinator)
      .redirects(0)
    download.assertStatus(302)
  })

  test('a controller or a contact can neither download the order file nor mark orders sent', async ({
    client,
    assert,
  }) => {
    const controller = await UserFactory.merge({ role: 'controller' }).create()
    const { user: contact, organisation } = await createContact()
    const id = await approvedOrder(organisation.id, contact.id)
    for (const user of [controller, contact]) {
      ;(await markSent(client, user, String(id))).assertStatus(403)
      const download = await client.get('/anknytningar/bestallningar/bestallningsfil').loginAs(user)
      download.assertStatus(403)
    }
    assert.equal(await statusOf(id), 'godkand')
    const page = await client.get('/anknytningar/bestallningar').loginAs(contact)
    assert.notInclude(page.text(), 'Ladda ner beställningsfil')
  })
})

test.group('Extension orders / marking sent by hand at the same time', (group) => {
  let cleanUp = async () => {}
  group.each.teardown(() => cleanUp())

  test('five simultaneous "Markera som skickade" move the order once and audit it once', async ({
    assert,
  }) => {
    // real commits: the row lock is what is tested
    const organisation = await OrganisationFactory.create()
    const coordinator = await UserFactory.create()
    const id = await approvedOrder(organisation.id, coordinator.id, '0850899799')
    cleanUp = async () => {
      await db.from('extension_orders').where('id', id).delete()
      await db.from('extensions').where('number', '0850899799').delete()
      await db.from('users').where('id', coordinator.id).delete()
      await db.from('organisations').where('id', organisation.id).delete()
    }
    const results = await Promise.all(
      Array.from({ length: 5 }, () => markExtensionOrdersSent([id], coordinator.id))
    )
    assert.equal(results.filter((result) => result.ok).length, 1)
    assert.deepEqual(
      results.filter((result) => !result.ok).map((result) => !result.ok && result.error),
      ['nothingToMark', 'nothingToMark', 'nothingToMark', 'nothingToMark']
    )
    assert.equal(await statusOf(id), 'skickad')
    const audit = await db
      .from('audit_log')
      .where('entity_type', 'extension_order')
      .where('entity_id', String(id))
    assert.lengthOf(audit, 1)
  })
})
