/**
 * Issue 16 acceptance check, validation gaps: dates far outside what the thing can be are
 * refused, saying the limit, and nothing is stored.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { clock } from '#services/clock'

const count = async (table: string) => Number((await db.from(table).count('* as n'))[0].n)

test.group('Date limits of forms', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-12-03T10:00:00Z')
    return () => clock.restore()
  })

  test('a meeting more than a year back or more than two years ahead is refused, saying so; last month’s is recorded', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const schedule = (date: string) =>
      client
        .post('/natverkstraffar')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({
          title: 'Nätverksträff',
          date,
          startTime: '09:00',
          endTime: '11:00',
          place: 'Stadshuset',
          videoUrl: '',
          agenda: '',
          period: '',
        })
        .redirects(0)
    const old = await schedule('2019-03-01')
    old.assertStatus(302)
    assert.deepEqual((old.flashMessages() as Record<string, any>).inputErrorsBag.date, [
      'Datum får ligga högst 1 år bakåt (tidigast 2025-12-03)',
    ])
    const far = await schedule('2029-01-10')
    assert.deepEqual((far.flashMessages() as Record<string, any>).inputErrorsBag.date, [
      'Datum får ligga högst 2 år framåt (senast 2028-12-03)',
    ])
    assert.equal(await count('meetings'), 0)
    const recent = await schedule('2026-11-10')
    assert.isUndefined(recent.flashMessages().inputErrorsBag)
    assert.equal(await count('meetings'), 1)
  })

  test('an announcement valid for more than a year is refused, saying so', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/driftmeddelanden')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        kind: 'closure',
        title: 'Stängt',
        body: 'Stängt.',
        validFrom: '2026-12-03',
        validTo: '2036-12-03',
      })
      .redirects(0)
    response.assertStatus(302)
    assert.include(
      String(response.flashMessages().error),
      'Ett driftmeddelande gäller högst ett år'
    )
    assert.equal(await count('announcements'), 0)
  })

  test('feedback received more than a year ago is refused, saying so', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    const response = await client
      .post('/aterkoppling')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        organisationId: organisation.id,
        type: 'klagomal',
        receivedOn: '1999-05-01',
        description: 'Uppringaren kopplades till fel enhet.',
      })
      .redirects(0)
    response.assertStatus(302)
    assert.include(
      String(response.flashMessages().error),
      'Återkoppling kan registreras högst ett år efter att den kom in (tidigast 2025-12-03)'
    )
    assert.equal(await count('organisation_feedback'), 0)
  })

  test('an opening-calendar period from last year to five years ahead is kept; year 9999 or two years back is refused, saying the limit', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const period = (startsOn: string, endsOn: string) =>
      client
        .post('/samtal/oppettider/perioder')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ kind: 'closed', startsOn, endsOn, note: '' })
        .redirects(0)
    const far = await period('9999-06-01', '9999-06-02')
    far.assertStatus(302)
    assert.deepEqual((far.flashMessages() as Record<string, any>).inputErrorsBag, {
      startsOn: ['Från och med får ligga högst 5 år framåt (senast 2031-12-31)'],
      endsOn: ['Till och med får ligga högst 5 år framåt (senast 2031-12-31)'],
    })
    const old = await period('2024-12-30', '2025-01-02')
    assert.deepEqual((old.flashMessages() as Record<string, any>).inputErrorsBag, {
      startsOn: ['Från och med får ligga högst 1 år bakåt (tidigast 2025-01-01)'],
    })
    const reversed = await period('2026-12-24', '2026-12-23')
    assert.property((reversed.flashMessages() as Record<string, any>).inputErrorsBag, 'endsOn')
    assert.equal(await count('opening_periods'), 0)
    const edges = await period('2025-01-01', '2025-01-01')
    assert.isUndefined(edges.flashMessages().inputErrorsBag)
    const last = await period('2031-12-31', '2031-12-31')
    assert.isUndefined(last.flashMessages().inputErrorsBag)
    assert.equal(await count('opening_periods'), 2)
  })

  test('the response-time report with from after to is refused (422), not an empty report', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .get('/aterkoppling/svarstider?from=2026-11&to=2026-01')
      .loginAs(coordinator)
    response.assertStatus(422)
    response.assertTextIncludes('Från-månaden ligger efter till-månaden')
  })

  test('the steering group with an unknown user id is refused and not saved', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .put('/styrgrupp')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ 'members[]': ['9999', String(coordinator.id)] })
      .redirects(0)
    response.assertStatus(302)
    assert.include(String(response.flashMessages().error), 'finns inte eller är inte aktiv')
    assert.notEqual(response.flashMessages().success, 'Styrgruppen är sparad.')
    assert.equal(await count('steering_group_members'), 0)
  })
})
