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
    assert.equal(empty.title[0], 'Rubrik måste fyllas i')
    assert.equal(empty.validTo[0], 'Sista dag: ange ett datum (ÅÅÅÅ-MM-DD)')
    const english = await errorsOf(client, coordinator, '/driftmeddelanden', {}, 'en')
    assert.notInclude(english.validTo[0], 'validTo')
    const reversed = await errorsOf(client, coordinator, '/driftmeddelanden', {
      kind: 'information',
      title: 'Rubrik',
      body: 'Text',
      validFrom: '2026-05-02',
      validTo: '2026-05-01',
    })
    assert.equal(reversed.validTo[0], 'Sista dag får inte ligga före Första dag')
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
    assert.equal(period.startsOn[0], 'Från och med: datumet finns inte: 2026-02-30')
    const announcement = await errorsOf(client, coordinator, '/driftmeddelanden', {
      kind: 'information',
      title: 'Rubrik',
      body: 'Text',
      validFrom: '2026-02-31',
      validTo: '2026-03-01',
    })
    assert.equal(announcement.validFrom[0], 'Första dag: datumet finns inte: 2026-02-31')
  })

  test('every date field says what is wrong with the date: empty asks for a date, impossible says it does not exist, malformed asks for ÅÅÅÅ-MM-DD', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    // three forms, each with its own date fields; a browser sends an impossible date as ''
    const forms: [string, Record<string, string>, string, string][] = [
      [
        '/driftmeddelanden',
        { kind: 'information', title: 'Rubrik', body: 'Text', validTo: '2026-12-31' },
        'validFrom',
        'Första dag',
      ],
      [
        '/samtal/oppettider/perioder',
        { kind: 'closed', endsOn: '2026-12-31' },
        'startsOn',
        'Från och med',
      ],
      [
        '/samtal/mal',
        {
          targetSeconds: '30',
          shortAbandonSeconds: '5',
          serviceLevelTarget: '80',
          abandonRateTarget: '5',
        },
        'validFrom',
        'Gäller från',
      ],
    ]
    for (const [url, form, field, label] of forms) {
      const cases: [string, string][] = [
        ['', `${label}: ange ett datum (ÅÅÅÅ-MM-DD)`],
        ['2026-02-30', `${label}: datumet finns inte: 2026-02-30`],
        ['2026-13-01', `${label}: datumet finns inte: 2026-13-01`],
        ['30/2/2026', `${label}: ange datumet som ÅÅÅÅ-MM-DD`],
        ['2026-2-3', `${label}: ange datumet som ÅÅÅÅ-MM-DD`],
      ]
      for (const [value, message] of cases) {
        const errors = await errorsOf(client, coordinator, url, { ...form, [field]: value })
        assert.deepEqual(errors[field], [message], `${url} ${field}=${value}`)
      }
      // a field left out entirely is empty too
      const missing = await errorsOf(client, coordinator, url, form)
      assert.deepEqual(missing[field], [`${label}: ange ett datum (ÅÅÅÅ-MM-DD)`], url)
      // and in English
      const english = await errorsOf(
        client,
        coordinator,
        url,
        { ...form, [field]: '2026-02-30' },
        'en'
      )
      assert.match(english[field][0], /does not exist: 2026-02-30$/)
    }
    // a field that is not a date keeps the general message
    const notDate = await errorsOf(client, coordinator, '/driftmeddelanden', {
      kind: 'information',
      body: 'Text',
      validFrom: '2026-05-01',
      validTo: '2026-05-02',
    })
    assert.deepEqual(notDate.title, ['Rubrik måste fyllas i'])
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
