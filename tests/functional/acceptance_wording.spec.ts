/**
 * Wording found in an acceptance check of extension orders, announcements and switching
 * organisation: what a page or a message says must name the thing the person sees.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { createContact, UserFactory } from '#database/factories/user_factory'
import { clock } from '#services/clock'
import { OrganisationFactory } from '#database/factories/organisation_factory'

async function errorsOf(client: any, user: User, url: string, form: Record<string, string>) {
  const response = await client
    .post(url)
    .loginAs(user)
    .withSession({ locale: 'sv' })
    .withCsrfToken()
    .form(form)
    .redirects(0)
  return (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
}

test.group('Acceptance wording / extension orders', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the page of one order is titled "Beställning <number>", not the name of the list', async ({
    client,
    assert,
  }) => {
    const { user: contact, organisation } = await createContact()
    const [order] = await db
      .table('extension_orders')
      .insert({
        organisation_id: organisation.id,
        kind: 'new',
        number: '0850899702',
        name: 'Nya receptionen',
        wished_date: clock.today(),
        ordered_by: contact.id,
        status: 'ny',
      })
      .returning('id')
    const id = Number(order.id)

    const page = await client.get(`/anknytningar/bestallningar/${id}`).loginAs(contact)
    page.assertStatus(200)
    assert.match(page.text(), new RegExp(`<title>Beställning ${id}\\b`))
    assert.match(page.text(), new RegExp(`<h1>Beställning ${id}</h1>`))
    assert.notInclude(page.text(), `Beställningar av anknytningar ${id}`)
  })

  test('an order with an unknown action names the field as the form labels it: Åtgärd, while an organisation keeps Typ', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const order = await errorsOf(client, contact, '/anknytningar/bestallningar', {
      kind: 'bogus',
      number: '0850899703',
      wishedDate: clock.today(),
    })
    assert.equal(order.kind[0], 'Välj ett av alternativen för Åtgärd')

    const coordinator = await UserFactory.create()
    const organisation = await errorsOf(client, coordinator, '/organisationer', { kind: 'bogus' })
    assert.equal(organisation.kind[0], 'Välj ett av alternativen för Typ')
  })
})

test.group('Acceptance wording / orders from a CSV file', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a refused file counts the rows that need correcting, not the errors on them', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const csv = [
      'Åtgärd;Anknytning;Namn;Typ;Till organisation;Önskat datum;Kommentar',
      // row 2: two errors (unknown action, not a number)
      'Xyz;abc;;;;2026-05-04;',
      // row 3: two errors (a new extension without a name, a date that does not exist)
      'Ny;0850899704;;;;2026-13-01;',
      // row 4: one error (a move without a target)
      'Flytt;0850899705;;;;2026-05-04;',
    ].join('\r\n')
    const response = await client
      .post('/anknytningar/bestallningar/fil')
      .loginAs(contact)
      .withSession({ locale: 'sv' })
      .withCsrfToken()
      .file('file', Buffer.from(csv + '\r\n', 'utf8'), { filename: 'bestallningar.csv' })
      .redirects(0)
    const flash = response.flashMessages()
    assert.lengthOf(flash.orderErrors as string[], 5)
    assert.equal(flash.error, 'Filen beställde ingenting: 3 rader behöver rättas.')
  })
})

test.group('Acceptance wording / API keys', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a key with an unknown scope names the field as the form labels it: Behörighet', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const integration = await UserFactory.apply('controller').create()
    const errors = await errorsOf(
      client,
      coordinator,
      `/administration/anvandare/${integration.id}/api-nycklar`,
      { name: 'Allt', scope: 'admin' }
    )
    assert.equal(errors.scope[0], 'Välj ett av alternativen för Behörighet')
  })
})

test.group('Acceptance wording / switching organisation', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('switching organisation names the organisation now worked for, in Swedish and in English', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const other = await OrganisationFactory.merge({ name: 'Småbolaget AB' }).create()
    await db.table('user_organisations').insert({ user_id: user.id, organisation_id: other.id })
    for (const [locale, expected] of [
      ['sv', 'Du arbetar nu för Småbolaget AB.'],
      ['en', 'You are now working for Småbolaget AB.'],
    ]) {
      const switched = await client
        .post('/valj-organisation')
        .loginAs(user)
        .withSession({ locale })
        .withCsrfToken()
        .form({ organisationId: other.id })
        .redirects(0)
      switched.assertStatus(302)
      assert.equal(switched.flashMessages().success, expected)
    }
  })
})

test.group('Acceptance wording / announcements', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the errors of an announcement name its dates as the form labels them: Första dag and Sista dag', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const empty = await errorsOf(client, coordinator, '/driftmeddelanden', {})
    assert.equal(empty.validFrom[0], 'Första dag: ange ett datum (ÅÅÅÅ-MM-DD)')
    assert.equal(empty.validTo[0], 'Sista dag: ange ett datum (ÅÅÅÅ-MM-DD)')
    const reversed = await errorsOf(client, coordinator, '/driftmeddelanden', {
      kind: 'information',
      title: 'Rubrik',
      body: 'Text',
      validFrom: '2026-05-02',
      validTo: '2026-05-01',
    })
    assert.equal(reversed.validTo[0], 'Sista dag får inte ligga före Första dag')
  })

  test('a file that cannot be read at all is said to need correcting as a whole, not as "1 row"', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const response = await client
      .post('/anknytningar/bestallningar/fil')
      .loginAs(contact)
      .withSession({ locale: 'sv' })
      .withCsrfToken()
      .file('file', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x01, 0x02]), {
        filename: 'bestallningar.csv',
      })
      .redirects(0)
    const flash = response.flashMessages()
    assert.equal(flash.error, 'Filen beställde ingenting: filen som helhet behöver rättas.')
  })

  test('a refused file names every row to correct at once: a row with a bad organisation code does not hide another row’s extension of another organisation', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const { organisation: other } = await createContact()
    await db.table('extensions').insert({
      number: '0850899790',
      organisation_id: other.id,
      name: 'Någon annans',
      valid_from: '2020-01-01',
    })
    const csv = [
      'Åtgärd;Anknytning;Namn;Typ;Till organisation;Önskat datum;Kommentar',
      `Flytt;0850899791;;;FINNS-INTE;${clock.today()};`,
      `Borttag;0850899790;;;;${clock.today()};`,
    ].join('\r\n')
    const response = await client
      .post('/anknytningar/bestallningar/fil')
      .loginAs(contact)
      .withSession({ locale: 'sv' })
      .withCsrfToken()
      .file('file', Buffer.from(csv + '\r\n', 'utf8'), { filename: 'bestallningar.csv' })
      .redirects(0)
    const flash = response.flashMessages()
    const errors = (flash.orderErrors as string[]).join('\n')
    assert.include(errors, 'rad 2: Till organisation "FINNS-INTE"')
    assert.include(errors, 'rad 3: Anknytning 0850899790 hör inte till er organisation')
    assert.equal(flash.error, 'Filen beställde ingenting: 2 rader behöver rättas.')
  })
})
