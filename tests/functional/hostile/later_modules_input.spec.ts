/**
 * Hostile input to the modules of issue 16, found by the attack pass of 2026-12-03: each was
 * a 500 or a silently shifted date before; each is now a Swedish refusal and stores nothing.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'

const meeting = {
  title: 'Avstämning',
  date: '2027-02-10',
  startTime: '10:00',
  endTime: '11:00',
  place: 'Stadshuset',
  videoUrl: '',
  agenda: '',
  period: '',
  kind: 'network',
  organisationId: '',
  guests: '',
}

/** The field errors a refused form left in the session. */
function fieldErrors(response: { flashMessages: () => Record<string, unknown> }) {
  return (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
}

async function count(table: string) {
  const [row] = await db.from(table).count('* as n')
  return Number(row.n)
}

test.group('Hostile input / the later modules refuse what the database cannot take', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a meeting for an organisation that does not exist is refused in Swedish, not a 500', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ ...meeting, kind: 'review', organisationId: '999999' })
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(fieldErrors(response).organisationId, ['Organisation finns inte'])
    assert.equal(await count('meetings'), 0)
  })

  test('a meeting on a day the calendar does not have is refused, not moved to another day', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    for (const date of ['2027-02-31', '0000-00-00']) {
      const response = await client
        .post('/natverkstraffar')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ ...meeting, date })
        .redirects(0)
      response.assertStatus(302)
      assert.equal(fieldErrors(response).date?.[0], `Datum: datumet finns inte: ${date}`, date)
    }
    assert.equal(await count('meetings'), 0)
  })

  test('feedback received on a day the calendar does not have is refused in Swedish, not a 500', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { organisation } = await createContact()
    for (const receivedOn of ['2026-02-31', '0000-01-01']) {
      const response = await client
        .post('/aterkoppling')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({
          organisationId: String(organisation.id),
          type: 'klagomal',
          receivedOn,
          description: 'Ett datum som inte finns',
        })
        .redirects(0)
      response.assertStatus(302)
      assert.match(
        fieldErrors(response).receivedOn?.[0] ?? '',
        /^Mottagen: datumet finns inte: /,
        receivedOn
      )
    }
    assert.equal(await count('organisation_feedback'), 0)
  })

  test('an ordered extension number that is not a telephone number is refused in Swedish, not a 500', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    for (const number of ['////', '9'.repeat(26)]) {
      const response = await client
        .post('/anknytningar/bestallningar')
        .loginAs(contact)
        .withCsrfToken()
        .form({ kind: 'new', number, name: 'Reception', wishedDate: '2027-01-15' })
        .redirects(0)
      response.assertStatus(302)
      assert.match(fieldErrors(response).number?.[0] ?? '', /är inte ett telefonnummer/, number)
    }
    assert.equal(await count('extension_orders'), 0)
  })

  test('an action item owner id of 0 is refused with a Swedish message', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const scheduled = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form(meeting)
      .redirects(0)
    const id = Number(scheduled.header('location')?.split('/')[2])
    const response = await client
      .post(`/natverkstraffar/${id}/atgarder`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ actionItem: 'Test', ownerId: '0', dueDate: '2027-01-01' })
      .redirects(0)
    response.assertStatus(302)
    assert.match(fieldErrors(response).ownerId?.[0] ?? '', /måste vara ett positivt tal/)
  })
})

test.group('Hostile input / control characters in the later modules', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('feedback and an announcement refuse control characters and bidi overrides but keep line breaks', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { organisation } = await createContact()
    const feedback = (description: string) =>
      client
        .post('/aterkoppling')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({
          organisationId: String(organisation.id),
          type: 'klagomal',
          receivedOn: '2026-11-02',
          description,
        })
        .redirects(0)
    for (const hidden of ['\u0007', '\u001b[31m', '\u007f', '\u2028', '\u202e', '\u2067']) {
      const response = await feedback(`Uppringaren kopplades fel ${hidden} två gånger`)
      response.assertStatus(302)
      assert.match(
        fieldErrors(response).description?.[0] ?? '',
        /kontrolltecken/,
        JSON.stringify(hidden)
      )
    }
    assert.equal(await count('organisation_feedback'), 0)
    // NUL is refused before any form is read
    ;(await feedback('Uppringaren \u0000 kopplades fel')).assertStatus(400)
    // line breaks and tabs are text
    ;(await feedback('Uppringaren kopplades fel.\r\n\tTvå gånger.')).assertStatus(302)
    assert.equal(await count('organisation_feedback'), 1)

    const announcement = await client
      .post('/driftmeddelanden')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        kind: 'closure',
        title: 'Planeringsdag',
        body: 'Växeln är stängd \u202eneddag hela',
        validFrom: '2027-01-10',
        validTo: '2027-01-10',
      })
      .redirects(0)
    announcement.assertStatus(302)
    assert.match(fieldErrors(announcement).body?.[0] ?? '', /kontrolltecken/)
    assert.equal(await count('announcements'), 0)
  })

  test('a guest address with a hidden control character is refused, naming it visibly', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ ...meeting, kind: 'supplier', guests: 'anna\u202e@leverantor.example' })
      .redirects(0)
    response.assertStatus(302)
    const refusal = String(response.flashMessages().error ?? '')
    assert.include(refusal, 'kontrolltecken')
    assert.include(refusal, 'anna\ufffd@leverantor.example')
    assert.equal(await count('meetings'), 0)
  })
})
