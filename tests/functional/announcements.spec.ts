/**
 * Driftmeddelanden (issue 16, point 8): the coordinator publishes planned closures and
 * disruptions with a validity period; they show on every contact's start page while valid
 * and are e-mailed at once whatever the contacts chose for their notifications.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { addDays, todayInStockholm } from '#domain/periods'
import { clock } from '#services/clock'

const publish = (client: any, user: any, form: Record<string, string>) =>
  client.post('/driftmeddelanden').loginAs(user).withCsrfToken().form(form).redirects(0)

test.group('Driftmeddelanden', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => {
    mail.restore()
    clock.restore()
  })

  test('a published closure shows on every contact’s start page from its first to its last day and is e-mailed at once even to a contact who turned e-mail off', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { user: quiet } = await createContact()
    for (const kind of ['forum_reply', 'routine', 'meeting', 'deviation'])
      await db.table('notification_preferences').insert({ user_id: quiet.id, kind, delivery: 'av' })
    const today = todayInStockholm()
    const response = await publish(client, coordinator, {
      kind: 'closure',
      title: 'Växeln stänger för planering',
      body: 'Stängt **kl. 13–16**.',
      validFrom: today,
      validTo: addDays(today, 7),
    })
    assert.equal(response.header('location'), '/driftmeddelanden')
    response.assertFlashMessage(
      'success',
      'Driftmeddelandet "Växeln stänger för planering" publicerades och skickades till 2 telefoniansvariga.'
    )
    const start = await client.get('/oversikt').loginAs(contact)
    assert.include(start.text(), 'Planerad stängning:')
    assert.include(start.text(), 'Växeln stänger för planering')
    const page = await client.get('/driftmeddelanden').loginAs(contact)
    assert.include(page.text(), '<strong>kl. 13–16</strong>')

    await runNotificationSweep(new Date())
    for (const user of [contact, quiet])
      messages.assertSent({
        to: user.email,
        subject: `Växelnavet: Driftmeddelande: Växeln stänger för planering (${today} – ${addDays(today, 7)})`,
      })
    const audit = await db.from('audit_log').where('entity_type', 'announcement').firstOrFail()
    assert.include(audit.summary, 'Växeln stänger för planering')
  })

  test('an announcement is not shown before its first day, after its last, or once withdrawn', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const today = todayInStockholm()
    const insert = (title: string, from: number, to: number) =>
      db.table('announcements').insert({
        kind: 'information',
        title,
        body: 'text',
        valid_from: addDays(today, from),
        valid_to: addDays(today, to),
        created_by: coordinator.id,
      })
    await insert('Kommer i morgon', 1, 3)
    await insert('Slutade i går', -3, -1)
    await insert('Gäller i dag', 0, 0)
    const start = await client.get('/oversikt').loginAs(contact)
    assert.include(start.text(), 'Gäller i dag')
    assert.notInclude(start.text(), 'Kommer i morgon')
    assert.notInclude(start.text(), 'Slutade i går')
    const current = await db.from('announcements').where('title', 'Gäller i dag').firstOrFail()
    const withdrawn = await client
      .post(`/driftmeddelanden/${current.id}/aterkalla`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    withdrawn.assertFlashMessage('success', 'Driftmeddelandet återkallades.')
    assert.notInclude((await client.get('/oversikt').loginAs(contact)).text(), 'Gäller i dag')
    // withdrawing twice says so instead of failing
    const again = await client
      .post(`/driftmeddelanden/${current.id}/aterkalla`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    again.assertFlashMessage('error', 'Driftmeddelandet finns inte eller är redan återkallat.')
    const page = await client.get('/driftmeddelanden').loginAs(coordinator)
    assert.include(page.text(), 'återkallat')
  })

  test('bad input is refused in Swedish and stores nothing: last day before the first, an empty title, an unknown kind, 5 001 characters', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const today = todayInStockholm()
    const good = {
      kind: 'disruption',
      title: 'Störning',
      body: 'Text',
      validFrom: today,
      validTo: today,
    }
    for (const [bad, field] of [
      [{ validTo: addDays(today, -1) }, 'validTo'],
      [{ title: '' }, 'title'],
      [{ kind: 'stangning' }, 'kind'],
      [{ body: 'x'.repeat(5001) }, 'body'],
      [{ validFrom: '2026-02-30' }, 'validFrom'],
      [{ title: 'Rad ett\u0007' }, 'title'],
    ] as const) {
      const response = await publish(client, coordinator, { ...good, ...bad })
      const errors = (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
      assert.property(errors, field, JSON.stringify(bad))
      assert.notMatch(errors[field][0], /^[a-z]+\./, 'a Swedish sentence, not a message key')
    }
    assert.lengthOf(await db.from('announcements'), 0)
    const page = await client.get('/driftmeddelanden').loginAs(coordinator)
    assert.include(page.text(), 'Driftmeddelanden')
  })

  test('an announcement whose last day is before today is refused in Swedish, stored nowhere and e-mailed to no one', async ({
    client,
    assert,
  }) => {
    mail.fake()
    clock.freeze('2026-12-03T10:00:00Z')
    const coordinator = await UserFactory.create()
    await createContact()
    const response = await publish(client, coordinator, {
      kind: 'closure',
      title: 'Stängt över nyår',
      body: 'Stängt.',
      validFrom: '2026-01-01',
      validTo: '2026-01-02',
    })
    response.assertFlashMessage(
      'error',
      'Driftmeddelandet har redan upphört att gälla: sista dagen får inte vara före i dag.'
    )
    assert.lengthOf(await db.from('announcements'), 0)
    assert.lengthOf(await db.from('notifications'), 0)
    const lastDayToday = await publish(client, coordinator, {
      kind: 'closure',
      title: 'Stängt i eftermiddag',
      body: 'Stängt.',
      validFrom: '2026-12-01',
      validTo: '2026-12-03',
    })
    lastDayToday.assertFlashMessage(
      'success',
      'Driftmeddelandet "Stängt i eftermiddag" publicerades och skickades till 1 telefoniansvarig.'
    )
  })

  test('only the coordinator publishes or withdraws; a contact and a controller get 403', async ({
    client,
  }) => {
    const { user: contact } = await createContact()
    const controller = await UserFactory.apply('controller').create()
    const form = {
      kind: 'information',
      title: 'Försök',
      body: 'x',
      validFrom: todayInStockholm(),
      validTo: todayInStockholm(),
    }
    ;(await publish(client, contact, form)).assertStatus(403)
    ;(await publish(client, controller, form)).assertStatus(403)
  })
})
