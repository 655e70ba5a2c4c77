/**
 * Avstämningar and the meetings page (issue 16, the gaps of point 7; docs/adr/0031): the
 * page is "Möten" with the kind as a filter; an organisation's page and the contact's Min
 * organisation list its avstämningar; the coordinator is reminded once of the organisations
 * with none in the last `review_interval_months` (default 6) and none planned.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { sendReviewReminders } from '#actions/meetings/send_review_reminders'
import { clock } from '#services/clock'
import {
  countOrganisationsWithoutReview,
  organisationsWithoutReview,
} from '#queries/meetings/reviews'

async function meeting(values: {
  title: string
  kind: string
  startsAt: string
  organisationId?: number | null
  cancelled?: boolean
}) {
  const starts = new Date(values.startsAt)
  const [row] = await db
    .table('meetings')
    .insert({
      title: values.title,
      kind: values.kind,
      organisation_id: values.organisationId ?? null,
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 3_600_000),
      place: 'Stadshuset',
      cancelled_at: values.cancelled ? new Date('2026-11-01T09:00:00Z') : null,
    })
    .returning('id')
  return Number(row.id)
}

test.group('Meetings page and avstämningar', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })

  test('the meetings page is titled Möten and filters by kind, refusing an unknown kind', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    await meeting({
      title: 'Nätverksträff vintern',
      kind: 'network',
      startsAt: '2027-01-20T12:00:00Z',
    })
    await meeting({
      title: 'Styrgrupp vintern',
      kind: 'steering_group',
      startsAt: '2027-01-21T12:00:00Z',
    })
    const all = await client.get('/natverkstraffar').loginAs(coordinator)
    all.assertStatus(200)
    assert.include(all.text(), '<h1>Möten</h1>')
    assert.include(all.text(), '<title>Möten')
    // neither the heading nor the menu says Nätverksträffar
    assert.notInclude(all.text(), '>Nätverksträffar<')
    assert.match(all.text(), /<a href="\/natverkstraffar" aria-current="page">\s*Möten\s*<\/a>/)
    assert.include(all.text(), 'Nätverksträff vintern')
    assert.include(all.text(), 'Styrgrupp vintern')
    const steering = await client.get('/natverkstraffar?typ=steering_group').loginAs(coordinator)
    assert.include(steering.text(), 'Styrgrupp vintern')
    assert.notInclude(steering.text(), 'Nätverksträff vintern')
    assert.match(steering.text(), /<option value="steering_group" selected/)
    const bad = await client.get('/natverkstraffar?typ=fest').loginAs(coordinator).redirects(0)
    assert.equal(bad.status(), 302)
    // the language chosen is kept in the session (copied from the profile at login)
    const english = await client
      .get('/natverkstraffar')
      .loginAs(await UserFactory.merge({ locale: 'en' }).create())
      .withSession({ locale: 'en' })
    assert.include(english.text(), '<h1>Meetings</h1>')
  })

  test("an organisation's page and its contact's Min organisation list its avstämningar, planned and held, with their decisions and action items", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const { organisation: other } = await createContact()
    const held = await meeting({
      title: 'Avstämning våren',
      kind: 'review',
      organisationId: organisation.id,
      startsAt: '2026-05-12T08:00:00Z',
    })
    await db.table('meeting_decisions').insert({ meeting_id: held, text: 'Ny hänvisningsrutin.' })
    await db.table('meeting_action_items').multiInsert([
      {
        meeting_id: held,
        text: 'Uppdatera rutinen',
        owner_name: 'Kontakten',
        due_date: '2026-06-01',
      },
      {
        meeting_id: held,
        text: 'Skicka listan',
        owner_name: 'Samordnaren',
        due_date: '2026-06-01',
        done_at: new Date('2026-05-20T08:00:00Z'),
      },
    ])
    await meeting({
      title: 'Avstämning hösten',
      kind: 'review',
      organisationId: organisation.id,
      startsAt: '2027-01-14T08:00:00Z',
    })
    await meeting({
      title: 'Annans avstämning',
      kind: 'review',
      organisationId: other.id,
      startsAt: '2026-10-01T08:00:00Z',
    })

    for (const [user, url] of [
      [coordinator, `/organisationer/${organisation.id}`],
      [contact, '/oversikt'],
    ] as const) {
      const page = await client.get(url).loginAs(user)
      page.assertStatus(200)
      const text = page.text()
      assert.include(text, 'Avstämningar')
      assert.include(text, 'Avstämning våren')
      assert.include(text, 'Avstämning hösten')
      assert.include(text, '1 beslut · 2 åtgärdspunkter (1 öppen)')
      assert.include(text, `/natverkstraffar/${held}#decisions`)
      assert.notInclude(text, 'Annans avstämning')
      // planned before held
      assert.isBelow(text.indexOf('Avstämning hösten'), text.indexOf('Avstämning våren'))
    }
    const coordinatorPage = await client
      .get(`/organisationer/${organisation.id}`)
      .loginAs(coordinator)
    assert.include(coordinatorPage.text(), `/natverkstraffar/ny?organisation=${organisation.id}`)
    // "Planera en avstämning" opens the form with the kind and the organisation chosen
    const form = await client
      .get(`/natverkstraffar/ny?organisation=${organisation.id}`)
      .loginAs(coordinator)
    assert.match(form.text(), /<option value="review" selected/)
    assert.match(form.text(), new RegExp(`<option value="${organisation.id}" selected`))
  })

  test("the coordinator's start page counts the organisations without an avstämning that the meetings page lists, by the same rule", async ({
    client,
    assert,
  }) => {
    // only these organisations are connected: the ones the migrations and other tests left are not
    await db.from('organisations').update({ active_to: '2020-01-01', active_from: '2019-01-01' })
    const coordinator = await UserFactory.create()
    const recent = await OrganisationFactory.merge({ code: 'AVST-NYLIGEN' }).create()
    await OrganisationFactory.merge({ code: 'AVST-ALDRIG' }).create()
    const old = await OrganisationFactory.merge({ code: 'AVST-GAMMAL' }).create()
    await OrganisationFactory.merge({ code: 'AVST-SLUTAT' }).create()
    await db
      .from('organisations')
      .where('code', 'AVST-SLUTAT')
      .update({ connected_to: '2026-06-30' })
    await meeting({
      title: 'Nyligen',
      kind: 'review',
      organisationId: recent.id,
      startsAt: '2026-09-01T08:00:00Z',
    })
    await meeting({
      title: 'För länge sedan',
      kind: 'review',
      organisationId: old.id,
      startsAt: '2026-05-01T08:00:00Z',
    })
    const listed = await organisationsWithoutReview(clock.now(), 6)
    assert.sameMembers(
      listed.map((row) => row.code),
      ['AVST-ALDRIG', 'AVST-GAMMAL']
    )
    assert.equal(await countOrganisationsWithoutReview(clock.now(), 6), listed.length)
    assert.equal(await countOrganisationsWithoutReview(clock.now(), 2), 3)
    const start = await client.get('/oversikt').loginAs(coordinator)
    start.assertTextIncludes(
      '2 organisationer har inte haft någon avstämning på 6 månader och har ingen planerad'
    )
  })

  test('the coordinator is reminded once of the organisations with no avstämning in 6 months and none planned, and they are listed on the meetings page', async ({
    client,
    assert,
  }) => {
    // only these organisations are connected: the ones the migrations and other tests left are not
    await db.from('organisations').update({ active_to: '2020-01-01', active_from: '2019-01-01' })
    const coordinator = await UserFactory.create()
    const recent = await OrganisationFactory.merge({ code: 'AVST-NYLIGEN' }).create()
    const planned = await OrganisationFactory.merge({ code: 'AVST-PLANERAD' }).create()
    const old = await OrganisationFactory.merge({ code: 'AVST-GAMMAL' }).create()
    await OrganisationFactory.merge({ code: 'AVST-ALDRIG' }).create()
    const cancelledOnly = await OrganisationFactory.merge({ code: 'AVST-INSTALLD' }).create()
    await meeting({
      title: 'Nyligen',
      kind: 'review',
      organisationId: recent.id,
      startsAt: '2026-09-01T08:00:00Z',
    })
    await meeting({
      title: 'Gammal men planerad',
      kind: 'review',
      organisationId: planned.id,
      startsAt: '2025-09-01T08:00:00Z',
    })
    await meeting({
      title: 'Kommande',
      kind: 'review',
      organisationId: planned.id,
      startsAt: '2027-02-01T08:00:00Z',
    })
    const oldReview = await meeting({
      title: 'För länge sedan',
      kind: 'review',
      organisationId: old.id,
      startsAt: '2026-05-01T08:00:00Z',
    })
    await meeting({
      title: 'Inställd',
      kind: 'review',
      organisationId: cancelledOnly.id,
      startsAt: '2027-01-10T08:00:00Z',
      cancelled: true,
    })

    const sent = await sendReviewReminders(clock.now())
    assert.equal(sent, 3)
    const [notification, ...others] = await db
      .from('notifications')
      .where('message_key', 'reviewsOverdue')
    assert.lengthOf(others, 0)
    assert.equal(notification.user_id, coordinator.id)
    assert.equal(
      notification.title,
      '3 organisationer har inte haft någon avstämning på 6 månader och har ingen planerad'
    )
    assert.equal(notification.url, '/natverkstraffar?typ=review#avstamning-saknas')
    // once: the next sweep finds nobody new
    assert.equal(await sendReviewReminders(new Date('2026-12-02T09:00:00Z')), 0)

    const page = await client.get('/natverkstraffar').loginAs(coordinator)
    const text = page.text()
    assert.include(text, 'Avstämning saknas (3)')
    for (const code of ['AVST-GAMMAL', 'AVST-ALDRIG', 'AVST-INSTALLD']) assert.include(text, code)
    for (const code of ['AVST-NYLIGEN', 'AVST-PLANERAD']) assert.notInclude(text, code)
    assert.include(text, `/natverkstraffar/${oldReview}`)
    // the setting is named as the settings page labels it, not by its key
    assert.notInclude(text, 'review_interval_months')
    assert.include(
      text,
      'inställningen ”Månader en organisation kan gå utan avstämning innan samordnaren påminns” under Inställningar'
    )
    // a contact does not see the list
    const contact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: recent.id,
    }).create()
    assert.notInclude(
      (await client.get('/natverkstraffar').loginAs(contact)).text(),
      'Avstämning saknas'
    )

    // a shorter interval in the settings: the one held in September is overdue too, told once
    await db.from('settings').where('key', 'review_interval_months').update({ value: '2' })
    assert.equal(await sendReviewReminders(new Date('2026-12-03T09:00:00Z')), 1)
  })
})
