/**
 * Validation messages name each field in the reader's language (never the form field's
 * code) and call a date the calendar lacks not valid, rather than missing.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createContact, UserFactory } from '#database/factories/user_factory'
import type User from '#models/user'

async function errorsOf(
  client: any,
  user: User,
  url: string,
  form: Record<string, string>,
  locale = 'sv'
) {
  const response = await client
    .post(url)
    .loginAs(user)
    .withSession({ locale })
    .withCsrfToken()
    .form(form)
    .redirects(0)
  return (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
}

test.group('Validation messages', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a message names the field in words, in Swedish and in English', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const empty = await errorsOf(client, coordinator, '/driftmeddelanden', {})
    assert.equal(empty.validTo[0], 'Gäller till måste fyllas i')
    const english = await errorsOf(client, coordinator, '/driftmeddelanden', {}, 'en')
    assert.notInclude(english.validTo[0], 'validTo')
    const reversed = await errorsOf(client, coordinator, '/driftmeddelanden', {
      kind: 'information',
      title: 'Rubrik',
      body: 'Text',
      validFrom: '2026-05-02',
      validTo: '2026-05-01',
    })
    assert.equal(reversed.validTo[0], 'Gäller till får inte ligga före Gäller från')
    const period = await errorsOf(client, coordinator, '/samtal/oppettider/perioder', {
      kind: 'closed',
      startsOn: '2026-05-02',
      endsOn: '2026-05-01',
    })
    assert.equal(period.endsOn[0], 'Till och med får inte ligga före Från och med')
  })

  test('a date the calendar lacks is refused as not a valid date, not as missing', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const period = await errorsOf(client, coordinator, '/samtal/oppettider/perioder', {
      kind: 'closed',
      startsOn: '2026-02-30',
      endsOn: '2026-03-01',
    })
    assert.equal(period.startsOn[0], 'Från och med måste vara ett datum som finns (ÅÅÅÅ-MM-DD)')
    const announcement = await errorsOf(client, coordinator, '/driftmeddelanden', {
      kind: 'information',
      title: 'Rubrik',
      body: 'Text',
      validFrom: '2026-02-31',
      validTo: '2026-03-01',
    })
    assert.equal(
      announcement.validFrom[0],
      'Gäller från måste vara ett datum som finns (ÅÅÅÅ-MM-DD)'
    )
  })
})

test.group('Uploaded files', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an empty order CSV is refused as empty, not as the wrong kind of file', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const response = await client
      .post('/anknytningar/bestallningar/fil')
      .loginAs(contact)
      .withCsrfToken()
      .file('file', Buffer.alloc(0), { filename: 'bestallningar.csv' })
      .redirects(0)
    const errors = (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
    assert.match(errors.file?.[0] ?? JSON.stringify(response.flashMessages()), /är tom/)
  })
})
