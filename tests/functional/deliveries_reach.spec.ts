/**
 * The delivery log and e-mail as their readers meet them (issue 16, the gaps of point 1;
 * docs/adr/0031): each recipient who is a user reads the e-mail in their own language, an
 * invoice e-mail that is nobody's account in Swedish; /utskick is paged and filtered, and a
 * telephony contact sees only their own organisation's deliveries.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import { issuedFebruary } from '#tests/helpers/delivery_fixture'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'

test.group('Deliveries / in the recipient’s language', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('a contact who chose English gets the invoice e-mail in English, a Swedish contact in Swedish, each once', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { administrationInvoice, administrationDelivery } = await issuedFebruary()
    await db.from('users').where('email', 'kontakt2@miljo.example').update({ locale: 'en' })
    assert.equal(await deliverDocument(administrationDelivery.id), 'sent')
    const sent = messages.sent().map((message) => message.toJSON().message)
    assert.lengthOf(sent, 2)
    const swedish = sent.find((message) => JSON.stringify(message.to).includes('kontakt1'))!
    const english = sent.find((message) => JSON.stringify(message.to).includes('kontakt2'))!
    assert.equal(
      swedish.subject,
      `Faktura ${administrationInvoice.number} för februari 2031 till Miljöförvaltningen – Växelnavet`
    )
    assert.include(String(swedish.text), 'Hej')
    assert.notInclude(JSON.stringify(swedish.cc ?? []), 'kontakt2')
    assert.equal(
      english.subject,
      `Invoice ${administrationInvoice.number} for February 2031 to Miljöförvaltningen – Växelnavet`
    )
    assert.include(String(english.text), 'Hello,')
    assert.include(String(english.text), `Here is invoice ${administrationInvoice.number}`)
    assert.notInclude(String(english.text), 'Hej')
    // both carry the same attachments
    assert.deepEqual(
      (english.attachments as { filename: string }[]).map((a) => a.filename),
      (swedish.attachments as { filename: string }[]).map((a) => a.filename)
    )
    const delivery = await db
      .from('document_deliveries')
      .where('id', administrationDelivery.id)
      .first()
    assert.equal(delivery.status, 'sent')
    assert.deepEqual(delivery.recipients, ['kontakt1@miljo.example', 'kontakt2@miljo.example'])
  })

  test('an organisation’s invoice e-mail that is nobody’s account stays Swedish; one that is an English user’s is English', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { companyInvoice, companyDelivery } = await issuedFebruary()
    // an English user elsewhere changes nothing for the invoice address
    await UserFactory.merge({ email: 'someone@abygge.example', locale: 'en' }).create()
    assert.equal(await deliverDocument(companyDelivery.id), 'sent')
    const [swedish] = messages.sent().map((message) => message.toJSON().message)
    assert.equal(
      swedish.subject,
      `Faktura ${companyInvoice.number} för februari 2031 till Åbygge AB – Växelnavet`
    )

    // the same address as an English user's account: English
    await UserFactory.merge({ email: 'faktura@abygge.example', locale: 'en' }).create()
    await db
      .from('document_deliveries')
      .where('id', companyDelivery.id)
      .update({ status: 'queued' })
    assert.equal(await deliverDocument(companyDelivery.id), 'sent')
    const english = messages.sent().at(-1)!.toJSON().message
    assert.equal(
      english.subject,
      `Invoice ${companyInvoice.number} for February 2031 to Åbygge AB – Växelnavet`
    )
  })
})

/** `count` issued invoices of an organisation with their deliveries (sent), numbers 2099-NNNNN. */
async function deliveriesFor(organisationId: number, count: number, from: number) {
  for (const period of ['2031-01', '2031-02'])
    await db.table('periods').insert({ period, status: 'approved' }).onConflict('period').ignore()
  for (let index = 0; index < count; index++) {
    const sequence = from + index
    const [invoice] = await db
      .table('invoices')
      .insert({
        number: `2099-${String(sequence).padStart(5, '0')}`,
        year: 2099,
        sequence,
        kind: 'invoice',
        period: index % 2 === 0 ? '2031-01' : '2031-02',
        organisation_id: organisationId,
        issue_date: '2031-03-05',
        due_date: '2031-04-05',
        vat_rate_percent: 0,
        net_ore: 1000,
        vat_ore: 0,
        total_ore: 1000,
        pdf_path: `invoices/test/sida-${sequence}.pdf`,
        pdf_sha256: 'a'.repeat(64),
      })
      .returning('id')
    await db.table('document_deliveries').insert({
      invoice_id: invoice.id,
      organisation_id: organisationId,
      status: index === 0 ? 'failed' : 'sent',
      attempts: 1,
      last_error: index === 0 ? '550 refused' : null,
      sent_at: index === 0 ? null : new Date(),
    })
  }
}

test.group('Deliveries / the log a page at a time', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('/utskick shows 50 a page with page links, and filters by organisation, month and status together', async ({
    client,
    assert,
  }) => {
    const big = await OrganisationFactory.merge({
      code: 'SIDA-STOR',
      name: 'Stora förvaltningen',
    }).create()
    const small = await OrganisationFactory.merge({
      code: 'SIDA-LITEN',
      name: 'Lilla bolaget',
    }).create()
    await deliveriesFor(big.id, 55, 1)
    await deliveriesFor(small.id, 2, 100)
    const coordinator = await UserFactory.create()

    const first = await client.get('/utskick').loginAs(coordinator)
    first.assertStatus(200)
    first.assertTextIncludes('Visar 50 av 57 utskick.')
    assert.include(first.text(), '>2099-00100<')
    assert.include(first.text(), 'aria-current="page"')
    assert.include(first.text(), '/utskick?page=2')
    const second = await client.get('/utskick?page=2').loginAs(coordinator)
    second.assertTextIncludes('Visar 7 av 57 utskick.')
    assert.include(second.text(), '>2099-00001<')
    assert.notInclude(second.text(), '>2099-00100<')

    const filtered = await client
      .get(`/utskick?organisation=${small.id}&manad=2031-01`)
      .loginAs(coordinator)
    filtered.assertTextIncludes('Visar 1 av 1 utskick.')
    assert.include(filtered.text(), '>2099-00100<')
    const failed = await client
      .get(`/utskick?organisation=${big.id}&visa=failed`)
      .loginAs(coordinator)
    failed.assertTextIncludes('Visar 1 av 1 utskick.')
    assert.include(failed.text(), '>2099-00001<')
    // the page links keep the filters
    const bigOnly = await client.get(`/utskick?organisation=${big.id}`).loginAs(coordinator)
    assert.include(bigOnly.text(), `organisation=${big.id}`)
    assert.match(bigOnly.text(), /href="\/utskick\?[^"]*page=2/)
    const nonsense = await client.get('/utskick?organisation=abc').loginAs(coordinator).redirects(0)
    assert.notEqual(nonsense.status(), 500)
    const huge = await client.get('/utskick?page=99999999999').loginAs(coordinator)
    huge.assertStatus(200)
  })

  test('a telephony contact sees only their own organisation’s deliveries, whatever the address asks, and cannot resend', async ({
    client,
    assert,
  }) => {
    const own = await OrganisationFactory.merge({
      code: 'SIDA-EGEN',
      name: 'Egna förvaltningen',
    }).create()
    const other = await OrganisationFactory.merge({
      code: 'SIDA-ANNAN',
      name: 'Andra bolaget',
    }).create()
    await deliveriesFor(own.id, 2, 1)
    await deliveriesFor(other.id, 2, 100)
    const contact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: own.id,
    }).create()
    const controller = await UserFactory.apply('controller').create()

    const page = await client.get('/utskick').loginAs(contact)
    page.assertStatus(200)
    page.assertTextIncludes('Visar 2 av 2 utskick.')
    assert.include(page.text(), '>2099-00001<')
    assert.notInclude(page.text(), '2099-00100')
    assert.notInclude(page.text(), 'Andra bolaget')
    assert.notInclude(page.text(), 'Skicka igen')
    // asking for the other organisation shows their own still
    const asked = await client.get(`/utskick?organisation=${other.id}`).loginAs(contact)
    assert.notInclude(asked.text(), '2099-00100')
    assert.include(asked.text(), '>2099-00001<')
    // the controller (office) sees every organisation's, without "Skicka igen"
    const office = await client.get('/utskick').loginAs(controller)
    assert.include(office.text(), '>2099-00100<')
    assert.include(office.text(), '>2099-00001<')
    assert.notInclude(office.text(), 'Skicka igen')
  })
})
