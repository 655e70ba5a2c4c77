import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { UserFactory, createContact } from '#database/factories/user_factory'

test.group('Deviations', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("a contact reports a deviation for their own organisation and sees the coordinator's answer", async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const response = await client
      .post('/avvikelser')
      .loginAs(user)
      .withCsrfToken()
      .form({
        occurredAt: '2026-10-05T09:12',
        type: 'felkopplat',
        entryNumber: '08-508 110 00',
        description: 'Samtalet kopplades till fel enhet två gånger.',
      })
      .redirects(0)
    const deviation = await db.from('deviations').firstOrFail()
    response.assertHeader('location', `/avvikelser/${deviation.id}`)
    // 09:12 in Stockholm in October (summer time) is 07:12 UTC, whatever the server's zone
    assert.equal(deviation.occurred_at.toISOString(), '2026-10-05T07:12:00.000Z')
    assert.equal(deviation.organisation_id, organisation.id)
    assert.equal(deviation.entry_number, '0850811000')

    const coordinator = await UserFactory.create()
    const closing = await client
      .post(`/avvikelser/${deviation.id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'atgardad' })
      .redirects(0)
    closing.assertFlashMessage(
      'error',
      'Skriv ett svar till den som rapporterade innan avvikelsen stängs.'
    )
    await client
      .post(`/avvikelser/${deviation.id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        status: 'atgardad',
        comment: 'Leverantören har bytt rutin.',
        answer: 'Leverantören har rättat kopplingslistan.',
      })
      .redirects(0)
    const page = await client.get(`/avvikelser/${deviation.id}`).loginAs(user)
    page.assertTextIncludes('Åtgärdad')
    page.assertTextIncludes('Leverantören har rättat kopplingslistan.')
    assert.notInclude(page.text(), 'Leverantören har bytt rutin.')
  })

  test("a call id must be among the calls transferred to the reporter's organisation", async ({
    client,
  }) => {
    const { user } = await createContact()
    const response = await client
      .post('/avvikelser')
      .loginAs(user)
      .withCsrfToken()
      .form({
        occurredAt: '2026-10-05T09:12',
        type: 'annat',
        callId: 'FINNS-INTE',
        description: 'Ett samtal som inte finns.',
      })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      callId: ['Samtals-ID finns inte bland samtalen som kopplats till er organisation'],
    })
  })

  test('the report form preselects no type: the contact chooses one', async ({
    client,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const form = (await client.get('/avvikelser/ny').loginAs(contact)).text()
    const select = form.slice(form.indexOf('<select id="field-type"'), form.indexOf('</select>'))
    assert.match(select, /<option value="" disabled selected>\s*Välj typ\s*<\/option>/)
    assert.notMatch(select, /<option value="[a-z_]+"[^>]*selected/)
  })

  test("a contact does not see another organisation's deviations", async ({ client, assert }) => {
    const first = await createContact()
    const second = await createContact()
    const [row] = await db
      .table('deviations')
      .insert({
        organisation_id: second.organisation.id,
        reported_by: second.user.id,
        occurred_at: new Date(),
        type: 'annat',
        description: 'Hemlig avvikelse',
      })
      .returning('id')
    const list = await client.get('/avvikelser').loginAs(first.user)
    assert.notInclude(list.text(), second.organisation.code)
    const page = await client.get(`/avvikelser/${row.id}`).loginAs(first.user)
    page.assertStatus(404)
  })

  test('a time that does not exist in Stockholm (spring forward) or is not a time is refused in Swedish and nothing is stored', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const report = (occurredAt: string) =>
      client
        .post('/avvikelser')
        .loginAs(user)
        .withCsrfToken()
        .header('referer', '/avvikelser/ny')
        .form({ occurredAt, type: 'annat', description: 'Samtalet bröts mitt i.' })
    assert.include(
      (await report('2026-03-29T02:30')).text(),
      'Tiden finns inte den dagen (sommartiden börjar)'
    )
    assert.include(
      (await report('igår vid lunch')).text(),
      'När måste vara en tidpunkt (ÅÅÅÅ-MM-DD TT:MM)'
    )
    assert.lengthOf(await db.from('deviations'), 0)
  })

  test('the coordinator forwards a deviation to the supplier by e-mail', async ({
    client,
    assert,
  }) => {
    process.env.SUPPLIER_DEVIATIONS_EMAIL = 'avvikelser@leverantor.example'
    const { messages } = mail.fake()
    try {
      const { user, organisation } = await createContact()
      const [row] = await db
        .table('deviations')
        .insert({
          organisation_id: organisation.id,
          reported_by: user.id,
          occurred_at: new Date(),
          type: 'bemotande',
          description: 'Otrevligt bemötande.',
        })
        .returning('id')
      const coordinator = await UserFactory.create()
      await client
        .post(`/avvikelser/${row.id}/skicka`)
        .loginAs(coordinator)
        .withCsrfToken()
        .redirects(0)
      messages.assertSent({
        to: 'avvikelser@leverantor.example',
        subject: `Avvikelse ${row.id} från staden: bemotande`,
      })
      const updated = await db.from('deviations').where('id', row.id).firstOrFail()
      assert.equal(updated.status, 'skickad_till_leverantor')
    } finally {
      mail.restore()
      delete process.env.SUPPLIER_DEVIATIONS_EMAIL
    }
  })
})
