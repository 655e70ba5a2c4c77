import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { readFile } from 'node:fs/promises'
import { UserFactory, createContact } from '#database/factories/user_factory'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'
import { clock } from '#services/clock'

const fixture = (name: string) => new URL(`../fixtures/meetings/${name}`, import.meta.url).pathname

const meetingForm = {
  title: 'Nätverksträff om hänvisningar',
  date: '2027-02-10',
  startTime: '13:00',
  endTime: '15:00',
  place: 'Stadshuset',
  videoUrl: '',
  agenda: '1. Hänvisningar\n2. Övrigt',
  period: '',
}

async function schedule(
  client: ApiClient,
  coordinator: User,
  form: Record<string, string> = meetingForm
) {
  const response = await client
    .post('/natverkstraffar')
    .loginAs(coordinator)
    .withCsrfToken()
    .form(form)
    .redirects(0)
  return { response, id: Number(response.header('location')?.split('/')[2]) }
}

test.group('Network meetings', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  // the meetings in these tests are in February 2027: seen from before then, whenever it runs
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })

  test('scheduling a meeting stores it in Stockholm time, opens its forum thread and invites every contact', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { id } = await schedule(client, coordinator)
    const meeting = await db.from('meetings').where('id', id).firstOrFail()
    // 13:00 in February is 12:00 UTC (standard time)
    assert.equal(meeting.starts_at.toISOString(), '2027-02-10T12:00:00.000Z')
    const thread = await db.from('forum_threads').where('id', meeting.forum_thread_id).firstOrFail()
    assert.equal(thread.title, 'Nätverksträff: Nätverksträff om hänvisningar')
    const invitation = await db
      .from('notifications')
      .where('user_id', contact.id)
      .where('kind', 'meeting')
      .firstOrFail()
    assert.include(invitation.title, 'Inbjudan: Nätverksträff om hänvisningar')
    assert.equal(invitation.url, `/natverkstraffar/${id}`)
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(contact)
    assert.include(page.text(), 'Stadshuset')
    assert.include(page.text(), `/forum/${meeting.forum_thread_id}`)
    // the date says its weekday (10 February 2027 is a Wednesday)
    assert.include(page.text(), 'onsdag 2027-02-10 13:00')
    const list = await client.get('/natverkstraffar').loginAs(contact)
    assert.include(list.text(), 'onsdag 2027-02-10 13:00')
  })

  test('the scheduling form sent twice plans one meeting and invites once; a cancelled twin does not block it', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const first = await schedule(client, coordinator)
    const second = await schedule(client, coordinator)
    assert.equal(second.response.status(), 302)
    assert.equal(
      second.response.flashMessages().error,
      'Mötet är redan planerat: samma typ, rubrik och tid.'
    )
    assert.lengthOf(await db.from('meetings'), 1)
    const invitations = await db
      .from('notifications')
      .where('user_id', contact.id)
      .where('kind', 'meeting')
    assert.lengthOf(invitations, 1)
    // another time is another meeting; after cancelling, the same one may be planned again
    await schedule(client, coordinator, { ...meetingForm, startTime: '09:00', endTime: '10:00' })
    assert.lengthOf(await db.from('meetings'), 2)
    await client
      .post(`/natverkstraffar/${first.id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    const again = await schedule(client, coordinator)
    assert.notEqual(again.id, first.id)
    assert.lengthOf(await db.from('meetings'), 3)
  })

  test('a meeting that ends before it starts, lacks both place and link, or falls in the spring-forward gap is refused in Swedish and nothing is stored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const cases: [Record<string, string>, string][] = [
      [{ ...meetingForm, endTime: '12:00' }, 'Sluttiden måste vara efter starttiden.'],
      [{ ...meetingForm, place: '', videoUrl: '' }, 'Ange en plats eller en videolänk'],
      [{ ...meetingForm, videoUrl: 'javascript:alert(1)' }, 'Videolänk måste vara en https-adress'],
      [
        { ...meetingForm, date: '2027-03-28', startTime: '02:30', endTime: '03:30' },
        'Tiden finns inte den dagen (sommartiden börjar)',
      ],
    ]
    for (const [form, message] of cases) {
      const response = await client
        .post('/natverkstraffar')
        .loginAs(coordinator)
        .withCsrfToken()
        .header('referer', '/natverkstraffar/ny')
        .form(form)
      assert.include(response.text(), message, JSON.stringify(form))
    }
    assert.lengthOf(await db.from('meetings'), 0)
    assert.lengthOf(await db.from('forum_threads'), 0)
  })

  test('moving a meeting shows its Stockholm times in the form, tells the contacts the new time and sends the reminder again', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { id } = await schedule(client, coordinator)
    await db.from('meetings').where('id', id).update({ reminder_sent_at: new Date() })
    const form = await client.get(`/natverkstraffar/${id}/redigera`).loginAs(coordinator)
    assert.include(form.text(), 'value="2027-02-10"')
    assert.include(form.text(), 'value="13:00"')
    await client
      .put(`/natverkstraffar/${id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ ...meetingForm, startTime: '14:00', endTime: '16:00' })
      .redirects(0)
    const moved = await db.from('meetings').where('id', id).firstOrFail()
    assert.equal(moved.starts_at.toISOString(), '2027-02-10T13:00:00.000Z')
    assert.isNull(moved.reminder_sent_at)
    const titles = (await db.from('notifications').where('user_id', contact.id).orderBy('id')).map(
      (row) => row.title
    )
    assert.deepEqual(titles, [
      'Inbjudan: Nätverksträff om hänvisningar 2027-02-10 13:00',
      'Ny tid: Nätverksträff om hänvisningar 2027-02-10 14:00',
    ])
  })

  test('a contact answers ja and can change the answer to kanske; one answer per person', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { id } = await schedule(client, coordinator)
    await client
      .post(`/natverkstraffar/${id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ answer: 'ja' })
      .redirects(0)
    await client
      .post(`/natverkstraffar/${id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ answer: 'kanske' })
      .redirects(0)
    const answers = await db.from('meeting_responses').where('meeting_id', id)
    assert.deepEqual(
      answers.map((row) => [row.user_id, row.answer]),
      [[contact.id, 'kanske']]
    )
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)
    assert.include(page.text(), 'Ja: 0 · Nej: 0 · Kanske: 1')
    const bad = await client
      .post(`/natverkstraffar/${id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ answer: 'absolut' })
      .redirects(0)
    bad.assertStatus(302)
    assert.equal(
      (await db.from('meeting_responses').where('meeting_id', id).firstOrFail()).answer,
      'kanske'
    )
  })

  test('minutes are published as Markdown with a PDF that downloads byte for byte; a file that is not a PDF is refused', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { id } = await schedule(client, coordinator)
    const refused = await client
      .post(`/natverkstraffar/${id}/minnesanteckningar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', `/natverkstraffar/${id}/minnesanteckningar`)
      .field('minutes', 'Anteckningar')
      .file('pdf', fixture('not_a_pdf.pdf'))
    assert.include(refused.text(), 'PDF-filen måste vara en PDF-fil (.pdf)')
    assert.isNull((await db.from('meetings').where('id', id).firstOrFail()).minutes_published_at)

    await client
      .post(`/natverkstraffar/${id}/minnesanteckningar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .field('minutes', '## Beslut\n\nAlla uppdaterar sin **hänvisning**.')
      .file('pdf', fixture('minutes.pdf'))
      .redirects(0)
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(contact)
    assert.include(page.text(), '<strong>hänvisning</strong>')
    const pdf = await client.get(`/natverkstraffar/${id}/minnesanteckningar.pdf`).loginAs(contact)
    pdf.assertHeader('content-type', 'application/pdf')
    assert.isTrue(
      Buffer.from(pdf.body() as unknown as Buffer).equals(await readFile(fixture('minutes.pdf')))
    )
    const notified = await db
      .from('notifications')
      .where('user_id', contact.id)
      .where('title', 'like', 'Minnesanteckningar%')
    assert.lengthOf(notified, 1)
  })

  test("a meeting about a period attaches that period's quality report for every participant", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { id } = await schedule(client, coordinator, { ...meetingForm, period: '2026-10' })
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(contact)
    assert.include(page.text(), `/natverkstraffar/${id}/kvalitetsrapport`)
    const report = await client.get(`/natverkstraffar/${id}/kvalitetsrapport`).loginAs(contact)
    report.assertStatus(200)
    report.assertHeader('content-type', 'application/pdf')
    const without = await schedule(client, coordinator)
    const none = await client
      .get(`/natverkstraffar/${without.id}/kvalitetsrapport`)
      .loginAs(contact)
    none.assertStatus(404)
  })
})
