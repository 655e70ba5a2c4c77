/**
 * Cancellations (issue 16, the gaps of point 7; docs/adr/0031): a guest removed from a
 * meeting after their invitation went out, every guest and invitee of a cancelled meeting,
 * and a steering-group member taken off the group get a calendar file with METHOD:CANCEL,
 * the invitation's UID and a higher SEQUENCE (RFC 5546) — and nobody else gets anything.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { clock } from '#services/clock'

const form = {
  title: 'Leverantörsmöte mars',
  date: '2027-03-10',
  startTime: '13:00',
  endTime: '15:00',
  place: 'Stadshuset, sal 3',
  videoUrl: '',
  agenda: '1. Avtalsuppföljning',
  period: '',
  kind: 'supplier',
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
  return Number(response.header('location')?.split('/')[2])
}

function edit(client: ApiClient, coordinator: User, id: number, values: Record<string, string>) {
  return client
    .put(`/natverkstraffar/${id}`)
    .loginAs(coordinator)
    .withCsrfToken()
    .form({ ...form, ...values })
    .redirects(0)
}

interface SentMail {
  to: string
  subject: string
  text: string
  ics: string | null
  contentType: string | null
}

/** What the fake mailer sent, each with its calendar file read back as text. */
function sentMail(messages: ReturnType<typeof mail.fake>['messages']): SentMail[] {
  return messages.sent().map((message) => {
    const json = message.toJSON().message
    const attachment = (
      (json.attachments ?? []) as {
        filename: string
        content: Buffer | string
        contentType?: string
        encoding?: BufferEncoding
      }[]
    ).find((a) => a.filename.endsWith('.ics'))
    const ics = attachment
      ? Buffer.isBuffer(attachment.content)
        ? attachment.content.toString('utf8')
        : Buffer.from(attachment.content, attachment.encoding ?? 'base64').toString('utf8')
      : null
    return {
      to: JSON.stringify(json.to).toLowerCase(),
      subject: String(json.subject),
      text: String(json.text),
      ics,
      contentType: attachment?.contentType ?? null,
    }
  })
}

/** The value of a property in a calendar file (the first line that has it). */
function property(ics: string, name: string) {
  return ics
    .split('\r\n')
    .find((line) => line.startsWith(`${name}:`))
    ?.slice(name.length + 1)
}

test.group('Meeting cancellations', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })
  group.each.teardown(() => mail.restore())

  test('a guest removed after their invitation gets exactly one METHOD:CANCEL with the same UID and a higher SEQUENCE; the others and a never-invited guest get nothing', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const id = await schedule(client, coordinator, {
      guests: 'anna@leverantor.example\nbo@leverantor.example\nclara@leverantor.example',
    })
    await runNotificationSweep(new Date('2026-12-01T09:01:00Z'))
    const invitations = sentMail(messages).filter((m) => m.to.includes('leverantor.example'))
    assert.lengthOf(invitations, 3)
    const invitation = invitations.find((m) => m.to.includes('bo@'))!
    assert.equal(property(invitation.ics!, 'METHOD'), 'REQUEST')
    const invitedSequence = Number(property(invitation.ics!, 'SEQUENCE'))

    // Bo is removed (he had an invitation); David is added and removed before the sweep
    await edit(client, coordinator, id, {
      guests: 'anna@leverantor.example\nclara@leverantor.example\ndavid@leverantor.example',
    })
    await edit(client, coordinator, id, {
      guests: 'anna@leverantor.example\nclara@leverantor.example',
    })
    const before = messages.sent().length
    await runNotificationSweep(new Date('2026-12-01T09:02:00Z'))
    await runNotificationSweep(new Date('2026-12-01T09:03:00Z'))
    const after = sentMail(messages).slice(before)
    assert.deepEqual(
      after.map((m) => m.to),
      ['["bo@leverantor.example"]']
    )
    const [cancellation] = after
    assert.equal(
      cancellation.subject,
      'Inställt: Leverantörsmöte Leverantörsmöte mars, 2027-03-10 13:00–15:00'
    )
    assert.include(cancellation.text, 'Du är inte längre inbjuden till leverantörsmöte')
    assert.include(cancellation.contentType!, 'method=CANCEL')
    const ics = cancellation.ics!
    assert.equal(property(ics, 'METHOD'), 'CANCEL')
    assert.equal(property(ics, 'STATUS'), 'CANCELLED')
    assert.equal(property(ics, 'UID'), property(invitation.ics!, 'UID'))
    assert.isAbove(Number(property(ics, 'SEQUENCE')), invitedSequence)
    assert.include(ics, 'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:bo@leverantor.example')
    assert.include(ics, 'ORGANIZER;CN=')
    const rows = await db.from('meeting_cancellations').where('meeting_id', id)
    assert.deepEqual(
      rows.map((row) => [row.email, row.status]),
      [['bo@leverantor.example', 'sent']]
    )
    // the coordinator sees it on the meeting page
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)
    page.assertTextIncludes('Avbokningar per e-post')
    page.assertTextIncludes('bo@leverantor.example – Avbokning skickad')
  })

  test('a moved meeting sends its guests an updated REQUEST with a higher SEQUENCE and the new time', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const id = await schedule(client, coordinator, { guests: 'anna@leverantor.example' })
    await runNotificationSweep(new Date('2026-12-01T09:01:00Z'))
    const [first] = sentMail(messages).filter((m) => m.to.includes('anna@'))
    await edit(client, coordinator, id, {
      guests: 'anna@leverantor.example',
      startTime: '14:00',
      endTime: '16:00',
    })
    await runNotificationSweep(new Date('2026-12-01T09:02:00Z'))
    const updates = sentMail(messages).filter((m) => m.to.includes('anna@'))
    assert.lengthOf(updates, 2)
    const update = updates[1].ics!
    assert.equal(property(update, 'METHOD'), 'REQUEST')
    assert.equal(property(update, 'UID'), property(first.ics!, 'UID'))
    assert.isAbove(Number(property(update, 'SEQUENCE')), Number(property(first.ics!, 'SEQUENCE')))
    assert.equal(property(update, 'DTSTART'), '20270310T130000Z')
  })

  test('cancelling a meeting needs the confirmation, sends its invited guests and invitees a cancellation, and stops answers', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact({ email: 'kontakt@bromma.example' })
    const { user: stranger } = await createContact({ email: 'annan@farsta.example' })
    const id = await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning våren',
      organisationId: String(organisation.id),
      guests: 'anna@leverantor.example',
    })
    await runNotificationSweep(new Date('2026-12-01T09:01:00Z'))
    const invitation = sentMail(messages).find((m) => m.to.includes('anna@'))!
    // a guest added after the invitations went out, never invited yet
    await edit(client, coordinator, id, {
      kind: 'review',
      title: 'Avstämning våren',
      guests: 'anna@leverantor.example\nsen@leverantor.example',
    })

    const unconfirmed = await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    unconfirmed.assertFlashMessage(
      'error',
      'Kryssa i rutan för att bekräfta att mötet ska ställas in.'
    )
    assert.isNull((await db.from('meetings').where('id', id).firstOrFail()).cancelled_at)

    const cancelled = await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    cancelled.assertFlashMessage(
      'success',
      'Mötet är inställt; de inbjudna är aviserade och 1 gäst får en avbokning per e-post.'
    )
    const before = messages.sent().length
    await runNotificationSweep(new Date('2026-12-01T09:02:00Z'))
    await runNotificationSweep(new Date('2026-12-01T09:03:00Z'))
    // the calendar files sent (the coordinator's mail of the sweep's other reminders has none)
    const after = sentMail(messages)
      .slice(before)
      .filter((m) => m.ics !== null)
    assert.sameMembers(
      after.map((m) => m.to),
      ['["anna@leverantor.example"]', '["kontakt@bromma.example"]']
    )
    const guestMail = after.find((m) => m.to.includes('anna@'))!
    assert.include(guestMail.text, 'är inställt')
    const contactMail = after.find((m) => m.to.includes('kontakt@'))!
    assert.include(contactMail.subject, 'Inställt: Avstämning våren')
    for (const mailed of [guestMail, contactMail]) {
      assert.equal(property(mailed.ics!, 'METHOD'), 'CANCEL')
      assert.equal(property(mailed.ics!, 'UID'), property(invitation.ics!, 'UID'))
      assert.isAbove(
        Number(property(mailed.ics!, 'SEQUENCE')),
        Number(property(invitation.ics!, 'SEQUENCE'))
      )
    }
    assert.lengthOf(
      await db
        .from('notifications')
        .where('user_id', stranger.id)
        .where('message_key', 'meetingCancelled'),
      0
    )

    // the contact can no longer answer; the page and the list say it is cancelled
    const answer = await client
      .post(`/natverkstraffar/${id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ answer: 'ja' })
      .redirects(0)
    answer.assertFlashMessage('error', 'Mötet är inställt och kan inte ändras eller besvaras.')
    assert.lengthOf(await db.from('meeting_responses').where('meeting_id', id), 0)
    const page = await client.get(`/natverkstraffar/${id}`).loginAs(contact)
    page.assertTextIncludes('Mötet är inställt')
    assert.notInclude(page.text(), 'Kommer du?')
    // a second cancellation and a change are refused in Swedish
    const again = await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    again.assertFlashMessage('error', 'Mötet är inställt och kan inte ändras eller besvaras.')
    const changed = await edit(client, coordinator, id, { kind: 'review', title: 'Ny titel' })
    changed.assertFlashMessage('error', 'Mötet är inställt och kan inte ändras eller besvaras.')
    // no reminder for a cancelled meeting
    await runNotificationSweep(new Date('2027-03-09T14:00:00Z'))
    assert.lengthOf(await db.from('notifications').where('message_key', 'meetingReminder'), 0)
  })

  test('a meeting that has been held cannot be cancelled', async ({ client }) => {
    const coordinator = await UserFactory.create()
    const id = await schedule(client, coordinator, {})
    clock.freeze('2027-03-11T09:00:00Z')
    const response = await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    response.assertFlashMessage('error', 'Mötet har redan hållits och kan inte ställas in.')
  })

  test("a cancelled meeting's calendar download withdraws it: STATUS:CANCELLED, the same UID and at least the cancellation's SEQUENCE", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const id = await schedule(client, coordinator, {})
    const before = (
      await client.get(`/natverkstraffar/${id}/kalender.ics`).loginAs(coordinator)
    ).text()
    assert.equal(property(before, 'STATUS'), 'CONFIRMED')
    const cancelled = await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    cancelled.assertStatus(302)
    const meeting = await db.from('meetings').where('id', id).firstOrFail()
    assert.isNotNull(meeting.cancelled_at)

    const download = await client.get(`/natverkstraffar/${id}/kalender.ics`).loginAs(coordinator)
    download.assertStatus(200)
    const ics = download.text()
    assert.equal(property(ics, 'STATUS'), 'CANCELLED')
    assert.notInclude(ics, 'STATUS:CONFIRMED')
    assert.equal(property(ics, 'METHOD'), 'CANCEL')
    assert.equal(property(ics, 'UID'), property(before, 'UID'))
    assert.isAtLeast(Number(property(ics, 'SEQUENCE')), Number(meeting.calendar_sequence))
    assert.isAbove(Number(property(ics, 'SEQUENCE')), Number(property(before, 'SEQUENCE')))
  })

  test('a cancelled meeting was not held: it gets no minutes, and its invitees no minutes notice', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const id = await schedule(client, coordinator, {})
    await client
      .post(`/natverkstraffar/${id}/installt`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ confirm: 'ja' })
      .redirects(0)
    const page = (await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)).text()
    assert.notInclude(page, `/natverkstraffar/${id}/minnesanteckningar"`)
    const response = await client
      .post(`/natverkstraffar/${id}/minnesanteckningar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ minutes: 'Vi träffades ändå.' })
      .redirects(0)
    response.assertFlashMessage('error', 'Mötet är inställt och kan inte ändras eller besvaras.')
    const meeting = await db.from('meetings').where('id', id).firstOrFail()
    assert.isNull(meeting.minutes_published_at)
    assert.isNull(meeting.minutes)
  })

  test('a member taken off the steering group gets a cancellation of its upcoming meetings; those who stay get nothing', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: leaving } = await createContact({ email: 'lamnar@stad.example' })
    const { user: staying } = await createContact({ email: 'stannar@stad.example' })
    await db
      .table('steering_group_members')
      .multiInsert([{ user_id: leaving.id }, { user_id: staying.id }])
    const id = await schedule(client, coordinator, {
      kind: 'steering_group',
      title: 'Styrgrupp mars',
    })
    await runNotificationSweep(new Date('2026-12-01T09:01:00Z'))
    const invitation = sentMail(messages).find((m) => m.to.includes('lamnar@'))!
    assert.equal(property(invitation.ics!, 'METHOD'), 'PUBLISH')

    await client
      .put('/styrgrupp')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ members: [String(staying.id)] })
      .redirects(0)
    const before = messages.sent().length
    await runNotificationSweep(new Date('2026-12-01T09:02:00Z'))
    const after = sentMail(messages).slice(before)
    assert.deepEqual(
      after.map((m) => m.to),
      ['["lamnar@stad.example"]']
    )
    assert.include(after[0].subject, 'Du är inte längre inbjuden: Styrgrupp mars')
    const ics = after[0].ics!
    assert.equal(property(ics, 'METHOD'), 'CANCEL')
    assert.equal(property(ics, 'UID'), property(invitation.ics!, 'UID'))
    assert.isAbove(Number(property(ics, 'SEQUENCE')), Number(property(invitation.ics!, 'SEQUENCE')))
    // the notification's link is the list: the meeting is no longer theirs to see
    const notification = await db
      .from('notifications')
      .where('user_id', leaving.id)
      .where('message_key', 'meetingUninvited')
      .firstOrFail()
    assert.equal(notification.url, '/natverkstraffar')
    assert.equal((await client.get(`/natverkstraffar/${id}`).loginAs(leaving)).status(), 404)
  })
  test('a contact no longer contact for an organisation is sent a cancellation of its planned avstämning; its other contact is not', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: staying, organisation } = await createContact({ email: 'kvar@bromma.example' })
    const { organisation: elsewhere } = await createContact()
    const moving = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: organisation.id,
      email: 'flyttar@bromma.example',
      fullName: 'Flyttar Fredriksson',
    }).create()
    const id = await schedule(client, coordinator, {
      kind: 'review',
      title: 'Avstämning med Bromma',
      organisationId: String(organisation.id),
    })
    await runNotificationSweep(new Date('2026-12-01T09:01:00Z'))
    const invitation = sentMail(messages).find((m) => m.to.includes('flyttar@'))!
    assert.equal(property(invitation.ics!, 'METHOD'), 'PUBLISH')

    // the coordinator moves the contact to another organisation
    await client
      .put(`/administration/anvandare/${moving.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        fullName: 'Flyttar Fredriksson',
        email: 'flyttar@bromma.example',
        role: 'telefoniansvarig',
        organisationId: elsewhere.id,
      })
      .redirects(0)
    const before = messages.sent().length
    await runNotificationSweep(new Date('2026-12-01T09:02:00Z'))
    const after = sentMail(messages)
      .slice(before)
      .filter((m) => m.ics !== null)
    assert.deepEqual(
      after.map((m) => m.to),
      ['["flyttar@bromma.example"]']
    )
    assert.equal(property(after[0].ics!, 'METHOD'), 'CANCEL')
    assert.equal(property(after[0].ics!, 'UID'), property(invitation.ics!, 'UID'))
    assert.isAbove(
      Number(property(after[0].ics!, 'SEQUENCE')),
      Number(property(invitation.ics!, 'SEQUENCE'))
    )
    assert.lengthOf(
      await db
        .from('notifications')
        .where('user_id', staying.id)
        .where('message_key', 'meetingUninvited'),
      0
    )
    assert.equal((await db.from('meetings').where('id', id).firstOrFail()).calendar_sequence, 1)
  })
})
