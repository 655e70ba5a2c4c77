/**
 * Fields a person does not type — hidden fields and the values of buttons — changed in the
 * browser's developer tools: the refusal names what was wrong in Swedish, at the top of the
 * page, instead of only "Formuläret innehåller fel" with no field to mark (issue 16
 * acceptance check).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

/** The error alert at the top of the page (the flash partial). */
const alertOf = (html: string) =>
  /<div class="alert alert-error" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? ''

async function networkMeeting(client: any, coordinator: any) {
  const created = await client
    .post('/natverkstraffar')
    .loginAs(coordinator)
    .withCsrfToken()
    .form({
      kind: 'network',
      title: 'Nätverksträff',
      date: clock.today(),
      startTime: '10:00',
      endTime: '11:00',
      place: 'Stadshuset',
    })
    .redirects(0)
  return String(created.header('location')).split('/').pop()
}

test.group('Tampered fields', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an extension order decision that is none of the buttons is refused naming the decision', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    await db.table('extensions').insert({
      number: '0850899703',
      organisation_id: organisation.id,
      name: 'Vaktmästeriet',
      valid_from: '2020-01-01',
    })
    const [order] = await db
      .table('extension_orders')
      .insert({
        organisation_id: organisation.id,
        kind: 'remove',
        number: '0850899703',
        wished_date: clock.today(),
        ordered_by: contact.id,
        status: 'ny',
      })
      .returning('id')
    const page = await client
      .post(`/anknytningar/bestallningar/${order.id}/beslut`)
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', `/anknytningar/bestallningar/${order.id}`)
      .form({ decision: 'godkann-allt' })
    assert.include(alertOf(page.text()), 'Beslutet känns inte igen')
    assert.include(alertOf(page.text()), 'Godkänn, Avslå eller Makulera')
    assert.equal((await db.from('extension_orders').where('id', order.id).first()).status, 'ny')
  })

  test('a meeting answer that is none of the buttons is refused naming the answer', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const id = await networkMeeting(client, coordinator)
    const page = await client
      .post(`/natverkstraffar/${id}/svar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', `/natverkstraffar/${id}`)
      .form({ answer: 'absolut' })
    assert.include(alertOf(page.text()), 'Svaret känns inte igen')
  })

  test('a meeting kind or review organisation sent with the edit form (where neither is shown) is refused naming it', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const id = await networkMeeting(client, coordinator)
    const page = await client
      .put(`/natverkstraffar/${id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', `/natverkstraffar/${id}/redigera`)
      .form({
        kind: 'board',
        organisationId: 'abc',
        title: 'Nätverksträff',
        date: clock.today(),
        startTime: '10:00',
        endTime: '11:00',
        place: 'Stadshuset',
      })
    const alert = alertOf(page.text())
    assert.include(alert, 'Mötestyp')
    assert.include(alert, 'Organisation')
  })

  test('an opening-hours season that is neither normal nor summer is refused naming the season', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const page = await client
      .post('/samtal/oppettider')
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', '/samtal/oppettider')
      .form({ season: 'vinter' })
    assert.include(alertOf(page.text()), 'Säsongen känns inte igen')
  })
})
