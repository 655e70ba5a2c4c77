/**
 * Feedback routed to organisations (issue 16, point 5): the coordinator registers and
 * forwards it, the organisation's contacts are notified at once and answer in Växelnavet, a
 * contact never sees another organisation's feedback, and the response times are reported
 * per organisation and month (page, CSV, xlsx).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import ExcelJS from 'exceljs'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { clock } from '#services/clock'
import { ApiRequest } from '@japa/api-client'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// the API client buffers known binary types only: read an xlsx body as bytes
ApiRequest.addParser(XLSX, (res, done) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
})

const register = (client: any, user: any, form: Record<string, string | number>) =>
  client.post('/aterkoppling').loginAs(user).withCsrfToken().form(form).redirects(0)

async function forwardedFeedback(organisationId: number, forwardedAt: string, extra = {}) {
  const [row] = await db
    .table('organisation_feedback')
    .insert({
      organisation_id: organisationId,
      type: 'klagomal',
      received_on: forwardedAt.slice(0, 10),
      description: 'Uppringaren kopplades till fel enhet.',
      forwarded_at: new Date(forwardedAt),
      ...extra,
    })
    .returning('id')
  return Number(row.id)
}

test.group('Återkoppling till organisationerna', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => {
    mail.restore()
    clock.restore()
  })

  test('feedback reaches a contact who holds the organisation as a secondary membership', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const coordinator = await UserFactory.create()
    const { user: home } = await createContact()
    const { user: member, organisation } = await createContact()
    const { user: secondary } = await createContact()
    await db
      .table('user_organisations')
      .insert({ user_id: secondary.id, organisation_id: organisation.id })
    const response = await register(client, coordinator, {
      organisationId: organisation.id,
      type: 'berom',
      receivedOn: clock.today(),
      description: 'Uppringaren ville tacka receptionen för ett mycket vänligt bemötande.',
    })
    response.assertFlashMessage(
      'success',
      'Återkopplingen är registrerad och skickad till 2 telefoniansvariga.'
    )
    const notified = await db
      .from('notifications')
      .where('kind', 'feedback')
      .select('user_id', 'title')
    assert.sameMembers(
      notified.map((row) => row.user_id),
      [member.id, secondary.id]
    )
    // praise asks for no answer: its notice does not ask for one either
    for (const row of notified) assert.match(row.title, /^Beröm nr \d+ till /)
    assert.notInclude(
      notified.map((row) => row.user_id),
      home.id
    )
  })

  test('registered feedback reaches only that organisation’s contacts at once, by e-mail too; the answer notifies the coordinator', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const { user: colleague } = await createContact({ organisationId: organisation.id })
    const { user: other } = await createContact()
    const response = await register(client, coordinator, {
      organisationId: organisation.id,
      type: 'berom',
      receivedOn: clock.today(),
      description: 'Uppringaren ville tacka receptionen för ett mycket vänligt bemötande.',
    })
    const feedback = await db.from('organisation_feedback').firstOrFail()
    assert.equal(response.header('location'), `/aterkoppling/${feedback.id}`)
    response.assertFlashMessage(
      'success',
      'Återkopplingen är registrerad och skickad till 2 telefoniansvariga.'
    )
    const notified = await db.from('notifications').where('kind', 'feedback').select('user_id')
    assert.sameMembers(
      notified.map((row) => row.user_id),
      [contact.id, colleague.id]
    )
    await runNotificationSweep(new Date())
    messages.assertSent({
      to: contact.email,
      subject: `Växelnavet: Beröm nr ${feedback.id} till ${organisation.name}`,
    })
    messages.assertNotSent({ to: other.email })

    const page = await client.get(`/aterkoppling/${feedback.id}`).loginAs(contact)
    assert.include(page.text(), 'Beröm')
    // praise asks for no answer: no clock runs (it may still be answered)
    assert.include(page.text(), 'Beröm – inget svar behövs')
    const answered = await client
      .post(`/aterkoppling/${feedback.id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ answer: 'Tack, vi hälsar receptionen!' })
      .redirects(0)
    answered.assertFlashMessage(
      'success',
      'Ditt svar är sparat och växelsamordnaren har fått besked.'
    )
    const row = await db.from('organisation_feedback').where('id', feedback.id).firstOrFail()
    assert.equal(row.answered_by, contact.id)
    assert.equal(row.answer, 'Tack, vi hälsar receptionen!')
    const toCoordinator = await db
      .from('notifications')
      .where('user_id', coordinator.id)
      .where('message_key', 'feedbackAnswered')
    assert.lengthOf(toCoordinator, 1)
    const audit = await db.from('audit_log').where('entity_type', 'feedback').select('summary')
    assert.lengthOf(audit, 2)
  })

  test('a complaint’s notice names its type and when the answer is due (the target from when it was forwarded)', async ({
    client,
    assert,
  }) => {
    clock.freeze('2026-11-30T08:00:00Z')
    mail.fake()
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    await register(client, coordinator, {
      organisationId: organisation.id,
      type: 'klagomal',
      receivedOn: '2026-11-30',
      description: 'Uppringaren kopplades till fel enhet två gånger.',
    }).then((response: any) => response.assertStatus(302))
    const [notice] = await db.from('notifications').where('user_id', contact.id).select('title')
    assert.match(
      notice.title,
      new RegExp(
        `^Återkoppling nr \\d+ \\(klagomål\\) att besvara för ${organisation.name} senast 2026-12-01 09:00$`
      )
    )
  })

  test('a contact never sees another organisation’s feedback: not in the list, 404 on the page and on answering', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const { organisation: otherOrganisation } = await createContact()
    const id = await forwardedFeedback(otherOrganisation.id, '2026-10-05T08:00:00Z', {
      description: 'Hemlig text om en annan organisation.',
    })
    const list = await client.get('/aterkoppling').loginAs(contact)
    assert.notInclude(list.text(), otherOrganisation.name)
    const page = await client.get(`/aterkoppling/${id}`).loginAs(contact)
    page.assertStatus(404)
    assert.notInclude(page.text(), 'Hemlig text')
    const answer = await client
      .post(`/aterkoppling/${id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ answer: 'Försöker svara åt någon annan' })
    answer.assertStatus(404)
    const row = await db.from('organisation_feedback').where('id', id).firstOrFail()
    assert.isNull(row.answer)
  })

  test('an answer cannot be replaced: the second is refused in Swedish and the first time stands', async ({
    client,
    assert,
  }) => {
    const { user: contact, organisation } = await createContact()
    const id = await forwardedFeedback(organisation.id, '2026-10-05T08:00:00Z')
    const answer = (text: string) =>
      client
        .post(`/aterkoppling/${id}/svar`)
        .loginAs(contact)
        .withCsrfToken()
        .header('referer', `/aterkoppling/${id}`)
        .form({ answer: text })
        .redirects(0)
    await answer('Första svaret')
    const first = await db.from('organisation_feedback').where('id', id).firstOrFail()
    const second = await answer('Andra svaret')
    second.assertFlashMessage('error', 'Återkopplingen är redan besvarad; svaret kan inte ändras.')
    const after = await db.from('organisation_feedback').where('id', id).firstOrFail()
    assert.equal(after.answer, 'Första svaret')
    assert.equal(after.answered_at.getTime(), first.answered_at.getTime())
  })

  test('bad input is refused in Swedish with the form shown again, never stored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { organisation } = await createContact()
    const cases: [Record<string, string | number>, string, string][] = [
      [
        { type: 'klagomal', receivedOn: '2026-10-01', description: 'för kort' },
        'description',
        'Beskrivning måste vara minst 10 tecken',
      ],
      [
        { type: 'ilska', receivedOn: '2026-10-01', description: 'Tillräckligt lång text.' },
        'type',
        'Välj ett av alternativen för Typ',
      ],
      [
        { type: 'klagomal', receivedOn: '2026-13-01', description: 'Tillräckligt lång text.' },
        'receivedOn',
        'Mottagen: datumet finns inte: 2026-13-01',
      ],
      [
        { type: 'klagomal', receivedOn: '2026-10-01', description: 'x'.repeat(5001) },
        'description',
        'Beskrivning får vara högst 5000 tecken',
      ],
    ]
    for (const [form, field, message] of cases) {
      const response = await register(client, coordinator, {
        organisationId: organisation.id,
        ...form,
      })
      response.assertStatus(302)
      response.assertFlashMessage('inputErrorsBag', { [field]: [message] })
    }
    const missing = await register(client, coordinator, {
      organisationId: 2_000_000_000,
      type: 'klagomal',
      receivedOn: '2026-10-01',
      description: 'Tillräckligt lång text.',
    })
    missing.assertFlashMessage('inputErrorsBag', { organisationId: ['Organisation finns inte'] })
    const future = await register(client, coordinator, {
      organisationId: organisation.id,
      type: 'klagomal',
      receivedOn: '2999-01-01',
      description: 'Tillräckligt lång text.',
    })
    future.assertFlashMessage('error', 'Mottagen kan inte vara ett datum efter i dag.')
    assert.lengthOf(await db.from('organisation_feedback'), 0)
  })

  test('the report counts per organisation and month against the target setting, on the page and as CSV and xlsx', async ({
    client,
    assert,
  }) => {
    clock.freeze('2026-11-10T12:00:00Z')
    const coordinator = await UserFactory.create()
    const { organisation } = await createContact()
    await db.from('settings').where('key', 'feedback_response_target_hours').update({ value: '48' })
    // answered after 47 h (in time at 48 h), after 49 h (late), and one never answered (overdue)
    await forwardedFeedback(organisation.id, '2026-10-05T08:00:00Z', {
      answer: 'Svar',
      answered_at: new Date('2026-10-07T07:00:00Z'),
    })
    await forwardedFeedback(organisation.id, '2026-10-06T08:00:00Z', {
      type: 'berom',
      answer: 'Svar',
      answered_at: new Date('2026-10-08T09:00:00Z'),
    })
    await forwardedFeedback(organisation.id, '2026-10-31T23:30:00Z')
    const page = await client
      .get('/aterkoppling/svarstider?from=2026-10&to=2026-10')
      .loginAs(coordinator)
    page.assertStatus(200)
    // each item is judged by the target stored with it: the heading names no hours, the lead
    // names today's setting as today's
    assert.include(page.text(), 'Besvarade i tid')
    assert.include(page.text(), 'i dag 48 timmar')
    assert.include(page.text(), 'oktober 2026')
    // 23:30 UTC on 31 October is 1 November in Stockholm: not in October
    const csv = await client
      .get('/aterkoppling/svarstider/export?from=2026-10&to=2026-10')
      .loginAs(coordinator)
    const lines = csv
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    assert.lengthOf(lines, 2)
    assert.include(lines[0], 'Besvarade i tid')
    // the praise (answered after 49 h) is counted as praise, not judged: 1 in time of 1
    assert.equal(
      lines[1].split(';').slice(1).join(';'),
      `${organisation.name};2;1;1;0;0;0;2820;100`
    )
    const november = await client
      .get('/aterkoppling/svarstider/export?from=2026-11')
      .loginAs(coordinator)
    assert.include(november.text(), `${organisation.name};1;0;0;0;0;1;;0`)
    const xlsx = await client
      .get('/aterkoppling/svarstider/export?format=xlsx')
      .loginAs(coordinator)
    xlsx.assertHeader('content-type', XLSX)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.body() as never)
    const sheet = workbook.worksheets[0]
    // the header, October and November
    assert.equal(sheet.rowCount, 3)
    assert.equal(sheet.getCell('A2').value, '2026-11')
  })

  test('the report and its export refuse a from-month after the to-month (422, the same message), never an empty file', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const message = 'Från-månaden ligger efter till-månaden: byt plats på dem.'
    const page = await client
      .get('/aterkoppling/svarstider?from=2026-11&to=2026-10')
      .loginAs(coordinator)
    page.assertStatus(422)
    page.assertTextIncludes(message)
    for (const format of ['csv', 'xlsx']) {
      const download = await client
        .get(`/aterkoppling/svarstider/export?from=2026-11&to=2026-10&format=${format}`)
        .loginAs(coordinator)
        .redirects(0)
      download.assertStatus(422)
      assert.notInclude(String(download.header('content-disposition') ?? ''), 'attachment')
      download.assertTextIncludes(message)
    }
  })

  test('the report refuses a month that is not YYYY-MM', async ({ client }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .get('/aterkoppling/svarstider/export?from=2026-13')
      .loginAs(coordinator)
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('inputErrorsBag', {
      from: ['Från månad måste vara en månad (ÅÅÅÅ-MM)'],
    })
  })
})
