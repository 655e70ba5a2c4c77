/**
 * A form sent twice (a double click, a browser resending) stores one row and notifies once:
 * driftmeddelanden, återkoppling and avvikelser, guarded as meetings are
 * (app/services/double_submit.ts). The second is refused with a Swedish message.
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { addDays, todayInStockholm } from '#domain/periods'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'

const post = (client: ApiClient, user: User, url: string, form: Record<string, string>) =>
  client.post(url).loginAs(user).withCsrfToken().form(form).redirects(0)

const noticesOf = (userId: number, kind: string) =>
  db.from('notifications').where('user_id', userId).where('kind', kind)

test.group('Double submit', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a driftmeddelande sent twice is published and sent to the contacts once', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const today = todayInStockholm()
    const form = {
      kind: 'closure',
      title: 'Växeln stänger för planering',
      body: 'Stängt kl. 13–16.',
      validFrom: today,
      validTo: addDays(today, 7),
    }
    ;(await post(client, coordinator, '/driftmeddelanden', form)).assertStatus(302)
    const second = await post(client, coordinator, '/driftmeddelanden', form)
    second.assertStatus(302)
    assert.equal(
      second.flashMessages().error,
      'Driftmeddelandet ”Växeln stänger för planering” är redan publicerat med samma text och dagar; det skickades inte igen.'
    )
    assert.lengthOf(await db.from('announcements'), 1)
    assert.lengthOf(await noticesOf(contact.id, 'announcement'), 1)
    // another text is another announcement
    ;(
      await post(client, coordinator, '/driftmeddelanden', { ...form, body: 'Stängt kl. 14–16.' })
    ).assertStatus(302)
    assert.lengthOf(await db.from('announcements'), 2)
  })

  test('feedback sent twice is registered and forwarded once', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const form = {
      organisationId: String(organisation.id),
      type: 'klagomal',
      receivedOn: todayInStockholm(),
      description: 'Uppringaren kopplades till fel enhet.',
    }
    ;(await post(client, coordinator, '/aterkoppling', form)).assertStatus(302)
    const second = await post(client, coordinator, '/aterkoppling', form)
    second.assertStatus(302)
    const [feedback] = await db.from('organisation_feedback')
    assert.equal(
      second.flashMessages().error,
      `Samma återkoppling är redan registrerad (nr ${feedback.id}); den vidarebefordrades inte igen.`
    )
    assert.lengthOf(await db.from('organisation_feedback'), 1)
    assert.lengthOf(await noticesOf(contact.id, 'feedback'), 1)
  })

  test('a deviation sent twice is reported once and the coordinator told once', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const form = {
      occurredAt: '2026-10-05T09:12',
      type: 'felkopplat',
      entryNumber: '08-508 110 00',
      description: 'Samtalet kopplades till fel enhet två gånger.',
    }
    ;(await post(client, contact, '/avvikelser', form)).assertStatus(302)
    const second = await post(client, contact, '/avvikelser', form)
    second.assertStatus(302)
    const [deviation] = await db.from('deviations')
    assert.equal(
      second.flashMessages().error,
      `Samma avvikelse är redan rapporterad (nr ${deviation.id}); den skickades inte igen.`
    )
    assert.lengthOf(await db.from('deviations'), 1)
    assert.lengthOf(await noticesOf(coordinator.id, 'deviation'), 1)
  })
})

test.group('Double submit / at the same moment (real commits)', (group) => {
  const TITLE = 'Samtidigt skickat driftmeddelande'
  let userIds: number[] = []
  let organisationIds: number[] = []
  // committed rows must not outlive the test: a left-over organisation and contact changed
  // every later count of organisations in the suite (CI, 28 tests)
  async function cleanUp() {
    await db.from('announcements').where('title', TITLE).delete()
    if (userIds.length > 0) {
      await db.from('notifications').whereIn('user_id', userIds).delete()
      await deleteAuditEntries((query) => query.whereIn('user_id', userIds))
      await db.from('user_organisations').whereIn('user_id', userIds).delete()
      await db.from('users').whereIn('id', userIds).delete()
    }
    if (organisationIds.length > 0) {
      await deleteAuditEntries((query) =>
        query.where('entity_type', 'organisation').whereIn('entity_id', organisationIds.map(String))
      )
      await db.from('organisations').whereIn('id', organisationIds).delete()
    }
    userIds = []
    organisationIds = []
  }
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('five simultaneous POSTs of one driftmeddelande publish it once and notify each contact once', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    userIds = [coordinator.id, contact.id]
    organisationIds = [organisation.id]
    const today = todayInStockholm()
    const form = {
      kind: 'closure',
      title: TITLE,
      body: 'Stängt kl. 13–16.',
      validFrom: today,
      validTo: addDays(today, 7),
    }
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post(client, coordinator, '/driftmeddelanden', form))
    )
    for (const response of responses) response.assertStatus(302)
    assert.lengthOf(await db.from('announcements').where('title', TITLE), 1)
    assert.lengthOf(await noticesOf(contact.id, 'announcement'), 1)
    await cleanUp()
    assert.notExists(await db.from('organisations').where('id', organisation.id).first())
    assert.notExists(await db.from('users').whereIn('id', [coordinator.id, contact.id]).first())
  })
})
