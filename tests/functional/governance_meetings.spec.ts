/**
 * Governance meetings (issue 16, point 7; docs/adr/0027): kinds with their own invitees,
 * guests invited by e-mail with a calendar file, decisions and action items carried to the
 * next meeting of the same kind, and who may see which meeting.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { DateTime } from 'luxon'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { clock } from '#services/clock'

const form = {
  title: 'Styrgruppsmöte februari',
  date: '2027-02-10',
  startTime: '13:00',
  endTime: '15:00',
  place: 'Stadshuset, sal 3',
  videoUrl: '',
  agenda: '1. Avtalsuppföljning\n2. Budget',
  period: '',
  kind: 'steering_group',
  organisationId: '',
  guests: '',
}

async function schedule(client: ApiClient, coordinator: User, values: Record<string, string>) {
  const response = await client
    .post('/natverkstraffar')
    .loginAs(coordinator)
    .withCsrfToken()
    .form({ ...form, ...values })
    .redirects(0)
  return { response, id: Number(response.header('location')?.split('/')[2]) }
}

/** The fake mailer's JSON gives an attachment's content base64-encoded. */
function attachmentText(content: Buffer | string) {
  return Buffer.isBuffer(content)
    ? content.toString('utf8')
    : Buffer.from(content, 'base64').toString('utf8')
}

async function invitedUsers(meetingId: number) {
  const rows = await db
    .from('notifications')
    .where('url', `/natverkstraffar/${meetingId}`)
    .where('message_key', 'meetingInvitation')
    .select('user_id')
  return rows.map((row) => Number(row.user_id)).sort((a, b) => a - b)
}

test.group('Governance meetings', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })
  group.each.teardown(() => mail.restore())

  test('a steering-group meeting invites only the members, has no forum thread, and is hidden from other contacts and the search', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: member } = await createContact()
    const { user: other } = await createContact()
    await client
      .put('/styrgrupp')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ members: [String(member.id)] })
      .redirects(0)
    assert.deepEqual(
      (await db.from('steering_group_members').select('user_id')).map((r) => r.user_id),
      [member.id]
    )
    const { id } = await schedule(client, coordinator, {})
    const meeting = await db.from('meetings').where('id', id).firstOrFail()
    assert.equal(meeting.kind, 'steering_group')
    assert.isNull(meeting.forum_thread_id)
    assert.deepEqual(await invitedUsers(id), [member.id])

    const seen = await client.get(`/natverkstraffar/${id}`).loginAs(member)
    assert.equal(seen.status(), 200)
    assert.include(seen.text(), 'Styrgruppsmöte')
    assert.equal((await client.get(`/natverkstraffar/${id}`).loginAs(other)).status(), 404)
    assert.equal(
      (await client.get(`/natverkstraffar/${id}/kalender.ics`).loginAs(other)).status(),
      404
    )
    assert.notInclude((await client.get('/natverkstraffar').loginAs(other)).text(), form.title)
    assert.include((await client.get('/natverkstraffar').loginAs(member)).text(), form.title)
    const search = await client.get('/sok').qs({ q: 'Avtalsuppföljning' }).loginAs(other)
    assert.notInclude(search.text(), form.title)
  })

  test('an avstämning invites the contacts of its organisation only, and needs an organisation', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const { user: stranger } = await createContact()
    const refused = await schedule(client, coordinator, { kind: 'review', title: 'Avstämning' })
    assert.equal(refused.response.status(), 302)
    const flash = refused.response.flashMessages()
    assert.equal(flash.error, 'En avstämning gäller en organisation; välj vilken.')
    const { id } = await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning våren',
      organisationId: String(organisation.id),
    })
    assert.deepEqual(await invitedUsers(id), [contact.id])
    assert.equal((await client.get(`/natverkstraffar/${id}`).loginAs(contact)).status(), 200)
    assert.equal((await client.get(`/natverkstraffar/${id}`).loginAs(stranger)).status(), 404)
    const wrong = await schedule(client, coordinator, {
      kind: 'network',
      organisationId: String(organisation.id),
    })
    assert.include(
      wrong.response.flashMessages().error,
      'Organisation väljs bara för en avstämning'
    )
  })

  test('an avstämning is offered with the organisations active today only, and the coordinator is told how many were invited — none is said as none', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { organisation } = await createContact()
    const gone = await OrganisationFactory.merge({
      code: 'SDF-NEDLAGD',
      activeFrom: DateTime.fromISO('2010-01-01'),
      activeTo: DateTime.fromISO('2019-12-31'),
    }).create()
    const page = await client.get('/natverkstraffar/ny').loginAs(coordinator)
    page.assertStatus(200)
    assert.include(page.text(), `value="${organisation.id}"`)
    assert.notInclude(page.text(), 'SDF-NEDLAGD')

    const invited = await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning',
      organisationId: String(organisation.id),
    })
    assert.equal(
      invited.response.flashMessages().success,
      'Mötet är planerat och inbjudan skickad till 1 person.'
    )
    const lonely = await OrganisationFactory.create()
    const nobody = await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning utan kontakter',
      date: '2027-02-11',
      organisationId: String(lonely.id),
    })
    assert.equal(
      nobody.response.flashMessages().success,
      'Mötet är planerat. Ingen har bjudits in: det finns ingen att bjuda in till den här sortens möte.'
    )
    assert.isDefined(gone.id)
  })

  test('guests pasted from Outlook ("Bo Ek <bo@…>; Ek, Eva <eva@…>") are invited at their addresses; garbage among them is named', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const coordinator = await UserFactory.create()
    const bad = await schedule(client, coordinator, {
      kind: 'supplier',
      guests: 'Bo Ek <bo@leverantor.example>; Eva Ek <eva på leverantören>',
    })
    assert.equal(
      bad.response.flashMessages().error,
      '"Eva Ek <eva på leverantören>" är ingen e-postadress; skriv en adress per rad.'
    )
    assert.lengthOf(await db.from('meetings'), 0)
    const { id } = await schedule(client, coordinator, {
      kind: 'supplier',
      guests:
        'Bo Ek <bo@leverantor.example>; Ek, Eva <eva@leverantor.example>, drift@leverantor.example',
    })
    const guests = await db.from('meeting_guests').where('meeting_id', id).orderBy('id')
    assert.deepEqual(
      guests.map((guest) => guest.email),
      ['bo@leverantor.example', 'eva@leverantor.example', 'drift@leverantor.example']
    )
  })

  test('supplier guests get an e-mail invitation with a calendar file once, and a bad address is refused in Swedish', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const bad = await schedule(client, coordinator, {
      kind: 'supplier',
      guests: 'kundansvarig@leverantor.example\ninte en adress',
    })
    assert.equal(
      bad.response.flashMessages().error,
      '"inte en adress" är ingen e-postadress; skriv en adress per rad.'
    )
    assert.lengthOf(await db.from('meetings'), 0)

    const { id, response: scheduled } = await schedule(client, coordinator, {
      kind: 'supplier',
      title: 'Leverantörsmöte Q1',
      guests:
        'Kundansvarig@Leverantor.example\nkundansvarig@leverantor.example; drift@leverantor.example',
    })
    // a supplier meeting invites the office and its guests, not the telephony contacts
    assert.notInclude(scheduled.flashMessages().success, 'telefoniansvariga')
    const guests = await db.from('meeting_guests').where('meeting_id', id).orderBy('id')
    assert.deepEqual(
      guests.map((guest) => guest.email),
      ['Kundansvarig@Leverantor.example', 'drift@leverantor.example']
    )
    assert.deepEqual(await invitedUsers(id), [coordinator.id])

    await runNotificationSweep(new Date('2026-12-01T09:05:00Z'))
    await runNotificationSweep(new Date('2026-12-01T09:06:00Z'))
    const invitations = messages
      .sent()
      .map((message) => message.toJSON().message)
      .filter((message) => JSON.stringify(message.to).toLowerCase().includes('leverantor.example'))
    assert.lengthOf(invitations, 2)
    const first = invitations[0]
    assert.include(
      String(first.subject),
      'Inbjudan: Leverantörsmöte Leverantörsmöte Q1, 2027-02-10 13:00–15:00'
    )
    assert.include(String(first.text), 'Stadshuset, sal 3')
    const attachment = (first.attachments as { filename: string; content: Buffer | string }[])[0]
    assert.equal(attachment.filename, `mote-${id}.ics`)
    const ics = attachmentText(attachment.content)
    assert.include(ics, 'METHOD:REQUEST')
    assert.include(ics, 'DTSTART:20270210T120000Z')
    assert.include(ics, `UID:meeting-${id}@`)
    assert.include(ics, 'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:')
    assert.deepEqual(
      (await db.from('meeting_guests').where('meeting_id', id)).map((g) => g.invitation_status),
      ['sent', 'sent']
    )

    // moving the meeting invites the guests again, with a new sequence
    await client
      .put(`/natverkstraffar/${id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        ...form,
        title: 'Leverantörsmöte Q1',
        startTime: '14:00',
        endTime: '16:00',
        guests: 'drift@leverantor.example',
      })
      .redirects(0)
    const after = await db.from('meeting_guests').where('meeting_id', id)
    assert.deepEqual(
      after.map((g) => [g.email, g.invitation_status]),
      [['drift@leverantor.example', 'pending']]
    )
    assert.equal((await db.from('meetings').where('id', id).firstOrFail()).kind, 'supplier')
    await runNotificationSweep(new Date('2026-12-01T09:10:00Z'))
    const resent = messages.sent().at(-1)!.toJSON().message
    const content = attachmentText(
      (resent.attachments as { content: Buffer | string }[])[0].content
    )
    assert.include(content, 'SEQUENCE:1')
    assert.include(content, 'DTSTART:20270210T130000Z')
  })

  test('the calendar file of a meeting is a valid iCalendar event in UTC with the escaped text', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { id } = await schedule(client, coordinator, {
      kind: 'network',
      title: 'Träff; med, tecken',
    })
    const response = await client.get(`/natverkstraffar/${id}/kalender.ics`).loginAs(contact)
    assert.equal(response.status(), 200)
    assert.include(response.header('content-type'), 'text/calendar')
    const text = response.text()
    assert.match(text, /^BEGIN:VCALENDAR\r\n/)
    assert.include(text, 'METHOD:PUBLISH')
    assert.include(text, 'SUMMARY:Träff\\; med\\, tecken')
    assert.include(text, 'DTEND:20270210T140000Z')
    assert.include(text, `/natverkstraffar/${id}`)
    for (const line of text.split('\r\n')) assert.isAtMost(Buffer.byteLength(line), 75)
  })

  test('open action items are carried to the next meeting of the same kind until done; decisions are kept', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: member } = await createContact()
    const { user: other } = await createContact()
    await db.table('steering_group_members').insert({ user_id: member.id })
    const first = await schedule(client, coordinator, { date: '2027-02-10' })
    const second = await schedule(client, coordinator, {
      date: '2027-09-15',
      title: 'Styrgrupp hösten',
    })
    const network = await schedule(client, coordinator, {
      date: '2027-09-20',
      kind: 'network',
      title: 'Nätverksträff hösten',
    })

    const post = (url: string, values: Record<string, string>) =>
      client.post(url).loginAs(coordinator).withCsrfToken().form(values).redirects(0)
    await post(`/natverkstraffar/${first.id}/beslut`, { decision: 'Avtalet förlängs ett år.' })
    await post(`/natverkstraffar/${first.id}/atgarder`, {
      actionItem: 'Ta fram ny prislista',
      ownerId: String(member.id),
      dueDate: '2027-05-01',
    })
    await post(`/natverkstraffar/${first.id}/atgarder`, {
      actionItem: 'Skicka statistik',
      ownerName: 'Leverantörens kundansvarige',
      dueDate: '2027-03-01',
    })
    // an owner who is not invited, and no owner at all, are refused in Swedish
    const notInvited = await post(`/natverkstraffar/${first.id}/atgarder`, {
      actionItem: 'Fel ägare',
      ownerId: String(other.id),
      dueDate: '2027-03-01',
    })
    assert.include(notInvited.flashMessages().error, 'Den ansvariga måste vara inbjuden')
    const noOwner = await post(`/natverkstraffar/${first.id}/atgarder`, {
      actionItem: 'Ingen ägare',
      dueDate: '2027-03-01',
    })
    assert.include(noOwner.flashMessages().error, 'Välj en ansvarig med konto')
    const badDate = await post(`/natverkstraffar/${first.id}/atgarder`, {
      actionItem: 'Fel datum',
      ownerName: 'Någon',
      dueDate: '1 maj',
    })
    assert.exists((badDate.flashMessages().inputErrorsBag as Record<string, unknown>)?.dueDate)
    assert.lengthOf(await db.from('meeting_action_items'), 2)

    const items = await db.from('meeting_action_items').orderBy('id')
    await post(`/natverkstraffar/atgarder/${items[1].id}/klar`, {})
    const again = await post(`/natverkstraffar/atgarder/${items[1].id}/klar`, {})
    assert.equal(again.flashMessages().error, 'Åtgärdspunkten är redan markerad som klar.')

    const nextPage = (await client.get(`/natverkstraffar/${second.id}`).loginAs(member)).text()
    assert.include(nextPage, 'Ta fram ny prislista')
    assert.notInclude(nextPage, 'Skicka statistik')
    const firstPage = (await client.get(`/natverkstraffar/${first.id}`).loginAs(member)).text()
    assert.include(firstPage, 'Avtalet förlängs ett år.')
    assert.include(firstPage, 'Leverantörens kundansvarige')
    // another kind does not carry the steering group's items
    const networkPage = (await client.get(`/natverkstraffar/${network.id}`).loginAs(member)).text()
    assert.notInclude(networkPage, 'Ta fram ny prislista')
    // a contact may not record decisions
    const refused = await client
      .post(`/natverkstraffar/${first.id}/beslut`)
      .loginAs(member)
      .withCsrfToken()
      .form({ decision: 'Mitt beslut' })
      .redirects(0)
    assert.equal(refused.status(), 403)
  })

  test('an action item due before its meeting or more than two years after it is refused in Swedish naming the span', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { id } = await schedule(client, coordinator, { date: '2027-02-10' })
    const post = (dueDate: string) =>
      client
        .post(`/natverkstraffar/${id}/atgarder`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ actionItem: 'Ta fram prislista', ownerName: 'Leverantören', dueDate })
        .redirects(0)
    for (const dueDate of ['2019-01-01', '2027-02-09', '2029-02-11']) {
      const refused = await post(dueDate)
      assert.equal(refused.status(), 302)
      assert.equal(
        refused.flashMessages().error,
        'Förfallodagen måste ligga mellan 2027-02-10 och 2029-02-10.'
      )
    }
    assert.lengthOf(await db.from('meeting_action_items'), 0)
    // the form names the span before anyone types
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)
    assert.include(page.text(), 'Mellan 2027-02-10 och 2029-02-10')
    // the edges themselves are allowed
    await post('2027-02-10')
    await post('2029-02-10')
    const dates = await db.from('meeting_action_items').orderBy('id').select('due_date')
    assert.deepEqual(
      dates.map((row) => new Date(row.due_date).toISOString().slice(0, 10)),
      ['2027-02-10', '2029-02-10']
    )
  })

  test('a cancelled meeting takes no decisions or action items, and a form sent twice records its decision and action item once', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { id } = await schedule(client, coordinator, { date: '2027-02-10' })
    const post = (url: string, values: Record<string, string>) =>
      client.post(url).loginAs(coordinator).withCsrfToken().form(values).redirects(0)
    const decision = { decision: 'Avtalet förlängs ett år.' }
    const item = {
      actionItem: 'Ta fram prislista',
      ownerName: 'Leverantören',
      dueDate: '2027-03-01',
    }
    await post(`/natverkstraffar/${id}/beslut`, decision)
    const twice = await post(`/natverkstraffar/${id}/beslut`, decision)
    assert.equal(twice.flashMessages().error, 'Beslutet finns redan bland mötets beslut.')
    await post(`/natverkstraffar/${id}/atgarder`, item)
    const itemTwice = await post(`/natverkstraffar/${id}/atgarder`, item)
    assert.equal(
      itemTwice.flashMessages().error,
      'Åtgärdspunkten finns redan bland mötets åtgärdspunkter.'
    )
    assert.lengthOf(await db.from('meeting_decisions'), 1)
    assert.lengthOf(await db.from('meeting_action_items'), 1)
    // another item with the same text for another owner is a new item
    await post(`/natverkstraffar/${id}/atgarder`, { ...item, ownerName: 'Samordnaren' })
    assert.lengthOf(await db.from('meeting_action_items'), 2)

    await post(`/natverkstraffar/${id}/installt`, { confirm: 'ja' })
    const page = (await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)).text()
    assert.notInclude(page, `/natverkstraffar/${id}/beslut`)
    assert.notInclude(page, `/natverkstraffar/${id}/atgarder`)
    const cancelled = 'Mötet är inställt och kan inte ändras eller besvaras.'
    const late = await post(`/natverkstraffar/${id}/beslut`, { decision: 'Efter inställt' })
    assert.equal(late.flashMessages().error, cancelled)
    const lateItem = await post(`/natverkstraffar/${id}/atgarder`, {
      ...item,
      actionItem: 'Efter inställt',
    })
    assert.equal(lateItem.flashMessages().error, cancelled)
    assert.lengthOf(await db.from('meeting_decisions'), 1)
    assert.lengthOf(await db.from('meeting_action_items'), 2)
  })

  test("bad kinds and ids are refused in Swedish without a server error, and a contact's start page does not show another organisation's avstämning", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const { organisation: other } = await createContact()
    const hostile: Record<string, string>[] = [
      { kind: 'board' },
      { kind: 'review', organisationId: '99999999999' },
      { kind: 'review', organisationId: '-1' },
    ]
    for (const values of hostile) {
      const { response } = await schedule(client, coordinator, values)
      assert.equal(response.status(), 302, JSON.stringify(values))
      const errors = response.flashMessages().inputErrorsBag as Record<string, string[]>
      assert.isNotEmpty(Object.keys(errors ?? {}), JSON.stringify(values))
    }
    assert.lengthOf(await db.from('meetings'), 0)
    await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning med någon annan',
      date: '2026-12-05',
      organisationId: String(other.id),
    })
    const start = await client.get('/oversikt').loginAs(contact)
    assert.equal(start.status(), 200)
    assert.notInclude(start.text(), 'Avstämning med någon annan')
    const missing = await client.get('/natverkstraffar/abc/kalender.ics').loginAs(contact)
    assert.equal(missing.status(), 404)
    const missingItem = await client
      .post('/natverkstraffar/atgarder/2147483647/klar')
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    assert.equal(missingItem.status(), 404)
  })

  test("an invited account's notification e-mail carries the meeting's calendar file", async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const { id } = await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning med kalender',
      organisationId: String(organisation.id),
    })
    await runNotificationSweep(new Date('2026-12-01T09:05:00Z'))
    const sent = messages
      .sent()
      .map((message) => message.toJSON().message)
      .find((message) => JSON.stringify(message.to).includes(contact.email))
    assert.exists(sent)
    const attachment = (sent!.attachments as { filename: string; content: Buffer | string }[])[0]
    assert.equal(attachment.filename, `mote-${id}.ics`)
    const ics = attachmentText(attachment.content)
    assert.include(ics, 'METHOD:PUBLISH')
    assert.include(ics, 'SUMMARY:Avstämning med kalender')
  })

  test('the English UI names the kinds and the governance sections in English', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { id } = await schedule(client, coordinator, { kind: 'supplier' })
    const page = await client
      .get(`/natverkstraffar/${id}`)
      .loginAs(coordinator)
      .withSession({ locale: 'en' })
    assert.equal(page.status(), 200)
    const text = page.text()
    for (const english of [
      'Supplier meeting',
      'Open items from earlier meetings',
      'Action items',
      'Decisions',
      'Add to calendar (.ics)',
    ])
      assert.include(text, english)
    for (const swedish of ['Leverantörsmöte', 'Åtgärdspunkter', 'Beslut</h2>'])
      assert.notInclude(text, swedish)
  })

  test('a cancelled meeting\'s failed guest invitations are not queued again, and its page offers no "Skicka igen"', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const coordinator = await UserFactory.create()
    const { id } = await schedule(client, coordinator, {
      kind: 'supplier',
      guests: 'kundansvarig@leverantor.example',
    })
    await db
      .from('meeting_guests')
      .where('meeting_id', id)
      .update({ invitation_status: 'failed', attempts: 5, last_error: '550 5.1.1 Okänd mottagare' })
    await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)
    assert.notInclude(page.text(), `/natverkstraffar/${id}/gaster/skicka-igen`)
    const resent = await client
      .post(`/natverkstraffar/${id}/gaster/skicka-igen`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      resent.flashMessages().error,
      'Mötet är inställt och kan inte ändras eller besvaras.'
    )
    const guest = await db.from('meeting_guests').where('meeting_id', id).firstOrFail()
    assert.equal(guest.invitation_status, 'failed')
  })

  test('a failed guest invitation shows its reason and "Skicka igen" queues it for the next sweep', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { id } = await schedule(client, coordinator, {
      kind: 'supplier',
      guests: 'kundansvarig@leverantor.example',
    })
    await db
      .from('meeting_guests')
      .where('meeting_id', id)
      .update({ invitation_status: 'failed', attempts: 5, last_error: '550 5.1.1 Okänd mottagare' })
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)
    assert.include(page.text(), 'Inbjudan kunde inte skickas (550 5.1.1 Okänd mottagare)')
    const resent = await client
      .post(`/natverkstraffar/${id}/gaster/skicka-igen`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    assert.equal(resent.flashMessages().success, '1 inbjudan skickas igen inom en minut.')
    await runNotificationSweep(new Date('2026-12-01T09:05:00Z'))
    const guest = await db.from('meeting_guests').where('meeting_id', id).firstOrFail()
    assert.equal(guest.invitation_status, 'sent')
    assert.isTrue(
      messages
        .sent()
        .some((message) => JSON.stringify(message.toJSON().message.to).includes('kundansvarig'))
    )
  })
})
