/**
 * Delivery of documents (issue 16, point 1; docs/adr/0025): an issued invoice or credit
 * note is queued for e-mail in its issuing transaction and sent by the job queue with its
 * PDF (and a company's e-invoice) to the invoice e-mail or the contacts; a failure is logged
 * with its reason and tried again a day later; the coordinator sends again from /utskick;
 * contacts see the status on their invoices; two workers never send one delivery twice; a
 * real SMTP server receives real MIME (attachment bytes, UTF-8 subject).
 */
import { test } from '@japa/runner'
import { deliveryFailureText } from '#services/labels'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import emitter from '@adonisjs/core/services/emitter'
import { Mailer } from '@adonisjs/mail'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'
import { createHash } from 'node:crypto'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { deliverDocument, type DeliveryMailer } from '#actions/deliveries/deliver_document'
import { issuedFebruary, refusingMailer } from '#tests/helpers/delivery_fixture'
import {
  rescueStrandedDeliveries,
  retryFailedDeliveries,
} from '#actions/deliveries/retry_failed_deliveries'
import { runNextJob } from '#services/job_queue'
import { storage } from '#services/storage'
import { MAX_AUTOMATIC_ATTEMPTS } from '#domain/deliveries'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { startSmtpSinkProcess } from '#tests/helpers/smtp_sink_process'
import { pdfText } from '#tests/helpers/pdf_text'
import { aceJson } from '#tests/helpers/control_loop_city'

test.group('Deliveries / queued with the issue, sent by the queue', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('issuing a period queues one delivery and one job per invoice, in the issuing transaction', async ({
    assert,
  }) => {
    const before = Number(
      (await db.from('jobs').where('type', 'deliver_document').count('* as n'))[0].n
    )
    const { companyDelivery, administrationDelivery } = await issuedFebruary()
    for (const delivery of [companyDelivery, administrationDelivery]) {
      assert.equal(delivery.status, 'queued')
      assert.equal(delivery.attempts, 0)
      const events = await db.from('document_delivery_events').where('delivery_id', delivery.id)
      assert.deepEqual(
        events.map((event) => event.event),
        ['queued']
      )
    }
    const jobs = await db.from('jobs').where('type', 'deliver_document').orderBy('id')
    assert.equal(jobs.length - before, 2)
    assert.sameMembers(
      jobs.slice(-2).map((job) => Number(job.payload.deliveryId)),
      [companyDelivery.id, administrationDelivery.id]
    )
    // issuing again is a no-op: nothing queued twice
    await issueInvoices('2031-02', null)
    assert.equal(
      Number((await db.from('document_deliveries').count('* as n'))[0].n),
      Number(
        (
          await db
            .from('invoices')
            .whereIn('id', db.from('document_deliveries').select('invoice_id'))
            .count('* as n')
        )[0].n
      )
    )
    assert.equal(
      Number((await db.from('jobs').where('type', 'deliver_document').count('* as n'))[0].n) -
        before,
      2
    )
  })

  test("the queue's job e-mails a company's invoice to its invoice e-mail with the PDF as stored and its e-invoice", async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { companyInvoice, companyDelivery, administrationDelivery } = await issuedFebruary()
    // only the two delivery jobs are waiting, so the queue runs exactly them
    await db
      .from('jobs')
      .where('status', 'queued')
      .whereNot('type', 'deliver_document')
      .update({ status: 'done' })
    while (await runNextJob()) {}
    messages.assertSentCount(2)
    const sent = messages.sent((message) => {
      return message.toJSON().message.to?.toString().includes('faktura@abygge.example') ?? false
    })
    assert.lengthOf(sent, 1)
    const message = sent[0]
    message.assertTo('faktura@abygge.example')
    message.assertSubject(
      `Faktura ${companyInvoice.number} för februari 2031 till Åbygge AB – Växelnavet`
    )
    message.assertTextIncludes(/1\s543,20\skr/u)
    // the fake keeps attachData's bytes as a base64 string
    const attachments = (
      message.toJSON().message.attachments as {
        filename: string
        content: string
        contentType: string
        encoding: BufferEncoding
      }[]
    ).map((attachment) => ({
      ...attachment,
      content: Buffer.from(attachment.content, attachment.encoding),
    }))
    assert.deepEqual(
      attachments.map((attachment) => attachment.filename),
      [`${companyInvoice.number}.pdf`, `${companyInvoice.number}.xml`]
    )
    const stored = (await storage().read(companyInvoice.pdf_path))!
    assert.isTrue(attachments[0].content.equals(stored), 'the PDF is the stored one')
    assert.include(
      attachments[1].content.toString('utf8'),
      `<cbc:ID>${companyInvoice.number}</cbc:ID>`
    )

    const delivery = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(delivery.status, 'sent')
    assert.equal(delivery.attempts, 1)
    assert.deepEqual(delivery.recipients, ['faktura@abygge.example'])
    assert.equal(delivery.recipient_source, 'invoice_email')
    assert.isNotNull(delivery.sent_at)
    const log = await db
      .from('document_delivery_events')
      .where('delivery_id', companyDelivery.id)
      .orderBy('id')
    assert.deepEqual(
      log.map((event) => event.event),
      ['queued', 'sent']
    )
    assert.equal(
      (await db.from('document_deliveries').where('id', administrationDelivery.id).first()).status,
      'sent'
    )
  })

  test('an organisation without an invoice e-mail gets it at its active contacts; an administration gets no e-invoice', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { administrationInvoice, administrationDelivery } = await issuedFebruary()
    assert.equal(await deliverDocument(administrationDelivery.id), 'sent')
    const [message] = messages.sent()
    message.assertTo('kontakt1@miljo.example')
    message.assertCc('kontakt2@miljo.example')
    assert.notInclude(JSON.stringify(message.toJSON().message), 'slutat@miljo.example')
    assert.deepEqual(
      (message.toJSON().message.attachments as { filename: string }[]).map((a) => a.filename),
      [`${administrationInvoice.number}.pdf`]
    )
    const delivery = await db
      .from('document_deliveries')
      .where('id', administrationDelivery.id)
      .first()
    assert.equal(delivery.recipient_source, 'contacts')
    // a delivery that was sent is not sent again by a second job
    assert.equal(await deliverDocument(administrationDelivery.id), 'notClaimed')
    messages.assertSentCount(1)
  })

  test("an invoice for a month with call figures carries the organisation's monthly report", async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { administration, administrationDelivery } = await issuedFebruary()
    const hour = '2031-02-10T09:00:00Z'
    await db.table('call_hourly').insert({
      hour,
      entry_number: '0850800000',
      outcome: 'kopplat',
      wait_bucket: 0,
      calls: 40,
      wait_seconds: 400,
      talk_seconds: 4000,
      cost: 0,
    })
    await db
      .table('call_hourly_org')
      .insert({ hour, organisation_id: administration.id, outcome: 'kopplat', calls: 12 })
    assert.equal(await deliverDocument(administrationDelivery.id), 'sent')
    const [message] = messages.sent()
    const attachments = message.toJSON().message.attachments as {
      filename: string
      content: string
      encoding: BufferEncoding
    }[]
    const report = attachments.find((a) => a.filename === 'manadsrapport-UTSK-FV-2031-02.pdf')
    assert.exists(report)
    const text = (await pdfText(Buffer.from(report!.content, report!.encoding))).replace(
      /\s+/g,
      ' '
    )
    assert.include(text, 'Månadsrapport – februari 2031')
    assert.include(text, '12 samtal kopplades')
    const row = await db.from('document_deliveries').where('id', administrationDelivery.id).first()
    assert.include(row.attachments, 'manadsrapport-UTSK-FV-2031-02.pdf')
  })

  test('a credit note is queued with its issue and e-mailed as a credit note', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { companyInvoice } = await issuedFebruary()
    const credit = await creditInvoice(companyInvoice.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    if (!credit.ok) return
    const delivery = await db.from('document_deliveries').where('invoice_id', credit.id).first()
    assert.equal(delivery.status, 'queued')
    assert.equal(await deliverDocument(delivery.id), 'sent')
    const [message] = messages.sent()
    message.assertSubject(
      `Kreditfaktura ${credit.number} för februari 2031 till Åbygge AB – Växelnavet`
    )
    message.assertTextIncludes(`krediterar faktura ${companyInvoice.number}`)
  })

  test('a failed delivery keeps the reason, is tried again by itself a day later (not before), and stops after the last automatic attempt', async ({
    assert,
  }) => {
    const { companyDelivery } = await issuedFebruary()
    assert.equal(await deliverDocument(companyDelivery.id, { mailer: refusingMailer }), 'failed')
    let row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.status, 'failed')
    assert.equal(row.last_error, '550 5.1.1 <faktura@abygge.example>: Recipient address rejected')
    const failedAt: Date = row.last_attempt_at
    // an hour later: not yet
    assert.equal(await retryFailedDeliveries(new Date(failedAt.getTime() + 3_600_000)), 0)
    // a day later: queued again, with a job
    assert.equal(await retryFailedDeliveries(new Date(failedAt.getTime() + 86_400_000 + 1000)), 1)
    row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.status, 'queued')
    const log = await db
      .from('document_delivery_events')
      .where('delivery_id', companyDelivery.id)
      .orderBy('id')
    assert.deepEqual(
      log.map((event) => event.event),
      ['queued', 'failed', 'retried']
    )
    assert.equal(log[1].detail, row.last_error)
    // after the last automatic attempt it waits for the coordinator
    await db
      .from('document_deliveries')
      .where('id', companyDelivery.id)
      .update({ attempts: MAX_AUTOMATIC_ATTEMPTS - 1 })
    assert.equal(await deliverDocument(companyDelivery.id, { mailer: refusingMailer }), 'failed')
    assert.equal(await retryFailedDeliveries(new Date(Date.now() + 2 * 86_400_000)), 0)
  })

  test('a delivery whose worker died mid-send, or whose job failed before it began, gets a job again and is sent once', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { companyDelivery, administrationDelivery } = await issuedFebruary()
    // two hours ago: the jobs are gone (failed by the sweep); one delivery was claimed, the other never
    const then = new Date(Date.now() - 2 * 3_600_000)
    await db.from('jobs').where('type', 'deliver_document').update({ status: 'failed' })
    await db.from('document_deliveries').where('id', companyDelivery.id).update({
      status: 'sending',
      claim_token: '00000000-0000-4000-8000-000000000000',
      claimed_at: then,
      queued_at: then,
    })
    await db
      .from('document_deliveries')
      .where('id', administrationDelivery.id)
      .update({ queued_at: then })
    // ten minutes on: the claim may still be alive, the queued one is not late yet
    assert.equal(await rescueStrandedDeliveries(new Date(then.getTime() + 10 * 60_000)), 0)
    assert.equal(await rescueStrandedDeliveries(new Date()), 2)
    // a job each now: not twice
    assert.equal(await rescueStrandedDeliveries(new Date()), 0)
    assert.equal(await deliverDocument(companyDelivery.id), 'sent')
    assert.equal(await deliverDocument(administrationDelivery.id), 'sent')
    messages.assertSentCount(2)
  })

  test('deliveries:send sends every queued delivery now and exits 1 when one failed', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { companyDelivery } = await issuedFebruary()
    await db.from('organisations').where('code', 'UTSK-FV').update({ invoice_email: null })
    await db.from('users').where('email', 'like', '%@miljo.example').update({ is_active: false })
    const result = await aceJson('deliveries:send', [])
    assert.deepEqual(result.output, {
      status: 'ok',
      retried: 0,
      rescued: 0,
      sent: 1,
      failed: 1,
      notClaimed: 0,
    })
    assert.equal(result.exitCode, 1)
    messages.assertSentCount(1)
    assert.equal(
      (await db.from('document_deliveries').where('id', companyDelivery.id).first()).status,
      'sent'
    )
  })

  test('an organisation with no address to send to fails with a coded reason, read in the reader’s language', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { administrationDelivery } = await issuedFebruary()
    await db.from('users').where('email', 'like', '%@miljo.example').update({ is_active: false })
    assert.equal(await deliverDocument(administrationDelivery.id), 'failed')
    const row = await db.from('document_deliveries').where('id', administrationDelivery.id).first()
    assert.equal(row.last_error, 'noRecipients')
    assert.include(deliveryFailureText(row.last_error, 'sv'), 'ingen e-postadress för fakturor')
    assert.include(deliveryFailureText(row.last_error, 'en'), 'no invoice e-mail address')
    messages.assertNoneSent()
  })
})

test.group('Deliveries / the coordinator and the contacts', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the coordinator sees the log on /utskick and "Skicka igen" queues a failed delivery again, naming who', async ({
    client,
    assert,
  }) => {
    const { companyInvoice, companyDelivery, administrationDelivery, administrationInvoice } =
      await issuedFebruary()
    await deliverDocument(companyDelivery.id, { mailer: refusingMailer })
    const coordinator = await UserFactory.merge({ fullName: 'Sara Samordnare' }).create()

    const page = await client.get('/utskick').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes(companyInvoice.number)
    page.assertTextIncludes('Misslyckades')
    page.assertTextIncludes('Recipient address rejected')
    const failedOnly = await client.get('/utskick?visa=failed').loginAs(coordinator)
    failedOnly.assertTextIncludes(companyInvoice.number)
    assert.notInclude(failedOnly.text(), `>${administrationInvoice.number}<`)
    const february = await client.get('/utskick?manad=2031-02').loginAs(coordinator)
    february.assertTextIncludes(`>${administrationInvoice.number}<`)
    const march = await client.get('/utskick?manad=2031-03').loginAs(coordinator)
    assert.notInclude(march.text(), `>${companyInvoice.number}<`)
    const badMonth = await client.get('/utskick?manad=2031-13').loginAs(coordinator).redirects(0)
    assert.notEqual(badMonth.status(), 200)
    assert.notEqual(badMonth.status(), 500)
    const bad = await client.get('/utskick?visa=kanske').loginAs(coordinator).redirects(0)
    assert.notEqual(bad.status(), 200)
    assert.notEqual(bad.status(), 500)

    // while it had failed it waited for the coordinator on the start page
    const start = await client.get('/oversikt').loginAs(coordinator)
    start.assertTextIncludes('1 faktura kunde inte skickas med e-post')
    const resent = await client
      .post(`/utskick/${companyDelivery.id}/skicka-igen`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    resent.assertStatus(302)
    const row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.status, 'queued')
    assert.equal(row.resent_by, coordinator.id)
    const last = await db
      .from('document_delivery_events')
      .where('delivery_id', companyDelivery.id)
      .orderBy('id', 'desc')
      .first()
    assert.equal(last.event, 'resent')
    assert.equal(last.user_id, coordinator.id)
    const audit = await db
      .from('audit_log')
      .where('entity_type', 'document_delivery')
      .where('entity_id', companyInvoice.number)
      .first()
    assert.equal(audit.user_id, coordinator.id)
    // queued again, it no longer waits for the coordinator
    const startAfter = await client.get('/oversikt').loginAs(coordinator)
    assert.notInclude(startAfter.text(), 'kunde inte skickas med e-post')
    const after = await client.get('/utskick').loginAs(coordinator)
    after.assertTextIncludes('Skickas igen av Sara Samordnare')

    // a delivery still in the queue is not queued twice: refused with a Swedish message
    const refused = await client
      .post(`/utskick/${administrationDelivery.id}/skicka-igen`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    refused.assertFlashMessage(
      'error',
      'Utskicket är redan på väg. Det kan skickas igen först när det har skickats eller misslyckats.'
    )
    // and an unknown delivery is a 404
    const missing = await client
      .post('/utskick/999999999/skicka-igen')
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    missing.assertStatus(404)
  })

  test('a delivery failed for want of an address says what was looked for and links the office to the organisation; one the server refused shows the address tried', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { administration, administrationDelivery, companyDelivery, contact } =
      await issuedFebruary()
    await db.from('users').where('email', 'like', '%@miljo.example').update({ is_active: false })
    assert.equal(await deliverDocument(administrationDelivery.id), 'failed')
    assert.equal(await deliverDocument(companyDelivery.id, { mailer: refusingMailer }), 'failed')
    const tried = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.deepEqual(tried.recipients, ['faktura@abygge.example'])
    assert.equal(tried.recipient_source, 'invoice_email')

    const coordinator = await UserFactory.create()
    const page = (await client.get('/utskick').loginAs(coordinator)).text()
    assert.include(
      page,
      'Ingen adress: organisationen saknar e-post för fakturor och aktiva telefoniansvariga med e-post.'
    )
    assert.include(page, `href="/organisationer/${administration.id}/redigera"`)
    assert.include(page, 'faktura@abygge.example')
    // the finance controller cannot edit: the link goes to the organisation's page
    const controller = await UserFactory.apply('controller').create()
    const controllerPage = (await client.get('/utskick').loginAs(controller)).text()
    assert.include(controllerPage, `href="/organisationer/${administration.id}"`)
    assert.notInclude(controllerPage, `/organisationer/${administration.id}/redigera`)

    // the contact (active again) sees what was missing, with no link to the office's register
    await db.from('users').where('id', contact.id).update({ is_active: true })
    const own = (await client.get('/utskick').loginAs(contact)).text()
    assert.include(
      own,
      'Ingen adress: organisationen saknar e-post för fakturor och aktiva telefoniansvariga med e-post.'
    )
    assert.notInclude(own, `/organisationer/${administration.id}`)
    assert.notInclude(own, 'faktura@abygge.example')
  })

  test('the log on /utskick reads a failure in words, not its code; a contact reads that e-mail is not set up, not a server variable', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { administrationDelivery, companyDelivery, contact } = await issuedFebruary()
    await db.from('users').where('email', 'like', '%@miljo.example').update({ is_active: false })
    assert.equal(await deliverDocument(administrationDelivery.id), 'failed')
    // e-mail off on the server: stored as the job stores it (tests always have a mailer)
    await db
      .from('document_deliveries')
      .where('id', companyDelivery.id)
      .update({ status: 'failed', last_error: 'mailOff', attempts: 1 })
    await db
      .table('document_delivery_events')
      .insert({ delivery_id: companyDelivery.id, event: 'failed', detail: 'mailOff' })
    await db
      .from('document_deliveries')
      .where('id', administrationDelivery.id)
      .update({ organisation_id: companyDelivery.organisation_id })
    await db.from('users').where('id', contact.id).update({ is_active: true })
    await db
      .from('users')
      .where('id', contact.id)
      .update({ organisation_id: companyDelivery.organisation_id })

    const coordinator = await UserFactory.create()
    const controller = await UserFactory.apply('controller').create()
    for (const reader of [coordinator, controller, contact]) {
      const page = (await client.get('/utskick').loginAs(reader)).text()
      assert.notInclude(page, 'Misslyckades: mailOff')
      assert.notInclude(page, 'Misslyckades: noRecipients')
      assert.notMatch(page, /\bmailOff\b|\bnoRecipients\b/)
      assert.include(page, 'Misslyckades: Organisationen har ingen e-postadress för fakturor')
    }
    const office = (await client.get('/utskick').loginAs(coordinator)).text()
    assert.include(office, 'Misslyckades: E-post är inte inställd på servern (SMTP_HOST saknas)')
    const own = (await client.get('/utskick').loginAs(contact)).text()
    assert.notInclude(own, 'SMTP_HOST')
    assert.include(own, 'Misslyckades: E-post är inte inställd i Växelnavet ännu')
    assert.include(own, 'Senaste fel: E-post är inte inställd i Växelnavet ännu')
  })

  test('the counts on /utskick count what the filter shows, in the singular for one, and "Skicka igen" keeps the filter', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { companyDelivery, companyInvoice } = await issuedFebruary()
    await deliverDocument(companyDelivery.id, { mailer: refusingMailer })
    const coordinator = await UserFactory.create()

    const february = (await client.get('/utskick?manad=2031-02').loginAs(coordinator)).text()
    assert.include(february, '1 i kö · 0 skickade · 1 misslyckat')
    const march = (await client.get('/utskick?manad=2031-03').loginAs(coordinator)).text()
    assert.include(march, '0 i kö · 0 skickade · 0 misslyckade')
    const failed = (await client.get('/utskick?visa=failed').loginAs(coordinator)).text()
    assert.include(failed, '0 i kö · 0 skickade · 1 misslyckat')
    // the button posts with the filter, and the answer leads back to the filtered list
    assert.include(failed, `/utskick/${companyDelivery.id}/skicka-igen?visa=failed`)
    const resent = await client
      .post(`/utskick/${companyDelivery.id}/skicka-igen?visa=failed&manad=2031-02`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    resent.assertFlashMessage(
      'success',
      `Utskicket av ${companyInvoice.number} ligger i kö och skickas igen inom kort.`
    )
    assert.equal(resent.header('location'), '/utskick?visa=failed&manad=2031-02')
  })

  test("contacts see their own invoices' delivery status, not another organisation's", async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { administrationDelivery, companyInvoice, administrationInvoice, contact } =
      await issuedFebruary()
    await deliverDocument(administrationDelivery.id)
    const page = await client.get('/fakturor').loginAs(contact)
    page.assertStatus(200)
    page.assertTextIncludes('Utskick')
    page.assertTextIncludes(administrationInvoice.number)
    page.assertTextIncludes('Skickat')
    assert.notInclude(page.text(), companyInvoice.number)
    // and on their start page, beside the latest invoices
    const start = await client.get('/oversikt').loginAs(contact)
    start.assertTextIncludes(`${administrationInvoice.number}</a>`)
    start.assertTextIncludes('Utskick: Skickat')
  })
})

test.group('Deliveries / two workers, one e-mail (real commits)', (group) => {
  async function cleanUp() {
    // a committed invoice is protected from DELETE: TRUNCATE, as the numbering concurrency test does
    await db.rawQuery(
      'TRUNCATE document_delivery_events, document_deliveries, invoice_lines, invoices CASCADE'
    )
    await db.from('periods').where('period', '2098-01').delete()
    await db.from('organisations').where('code', 'UTSK-PARALLELL').delete()
  }
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('five workers handed the same delivery at once send it once; the others claim nothing', async ({
    assert,
  }) => {
    const organisation = await OrganisationFactory.merge({
      code: 'UTSK-PARALLELL',
      invoiceEmail: 'parallell@stad.example',
    }).create()
    await db.table('periods').insert({ period: '2098-01', status: 'draft' })
    const pdf = Buffer.from('%PDF-1.4 parallell')
    await storage().remove('invoices/test/utskick-parallell.pdf')
    await storage().createNew('invoices/test/utskick-parallell.pdf', pdf)
    const [invoice] = await db
      .table('invoices')
      .insert({
        number: '2098-00001',
        year: 2098,
        sequence: 1,
        kind: 'invoice',
        period: '2098-01',
        organisation_id: organisation.id,
        issue_date: '2098-02-05',
        due_date: '2098-03-05',
        vat_rate_percent: 0,
        net_ore: 1000,
        vat_ore: 0,
        total_ore: 1000,
        pdf_path: 'invoices/test/utskick-parallell.pdf',
        pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
      })
      .returning('id')
    const [delivery] = await db
      .table('document_deliveries')
      .insert({ invoice_id: invoice.id, organisation_id: organisation.id })
      .returning('id')
    let sent = 0
    const slowMailer: DeliveryMailer = {
      async send() {
        sent++
        await new Promise((resolve) => setTimeout(resolve, 200))
      },
    }
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => deliverDocument(delivery.id, { mailer: slowMailer }))
    )
    assert.equal(sent, 1)
    assert.deepEqual(outcomes.sort(), [
      'notClaimed',
      'notClaimed',
      'notClaimed',
      'notClaimed',
      'sent',
    ])
    const row = await db.from('document_deliveries').where('id', delivery.id).first()
    assert.equal(row.status, 'sent')
    assert.equal(row.attempts, 1)
  })
})

test.group('Deliveries / through a real SMTP server', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an SMTP server process receives MIME with the UTF-8 subject, the PDF attachment byte for byte and the XML', async ({
    assert,
  }) => {
    // the SMTP server is a process of its own: the e-mail leaves this one over TCP
    const sink = await startSmtpSinkProcess()
    assert.notEqual(sink.pid, process.pid)
    const mailer = new Mailer(
      'sink',
      new SMTPTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }),
      emitter,
      { from: { address: 'vaxelnavet@stad.example', name: 'Växelnavet' } }
    )
    try {
      const { companyInvoice, companyDelivery } = await issuedFebruary()
      assert.equal(await deliverDocument(companyDelivery.id, { mailer }), 'sent')
      let received = sink.received()
      for (let waited = 0; received.length === 0 && waited < 5000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        received = sink.received()
      }
      assert.lengthOf(received, 1)
      const [delivered] = received
      assert.deepEqual(delivered.to, ['faktura@abygge.example'])
      const raw = delivered.raw
      // the subject is RFC 2047 encoded UTF-8 and decodes to the Swedish text
      const subjectHeader = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)![1]
      assert.match(subjectHeader, /=\?UTF-8\?[QB]\?/i)
      assert.equal(
        decodeHeader(subjectHeader),
        `Faktura ${companyInvoice.number} för februari 2031 till Åbygge AB – Växelnavet`
      )
      assert.match(raw, /^Content-Type: multipart\/mixed/m)
      const pdfPart = mimePart(raw, `${companyInvoice.number}.pdf`)
      assert.match(pdfPart.headers, /Content-Type: application\/pdf/i)
      assert.match(pdfPart.headers, /Content-Disposition: attachment/i)
      const stored = (await storage().read(companyInvoice.pdf_path))!
      assert.equal(
        createHash('sha256').update(pdfPart.body).digest('hex'),
        createHash('sha256').update(stored).digest('hex')
      )
      const xmlPart = mimePart(raw, `${companyInvoice.number}.xml`)
      assert.include(
        xmlPart.body.toString('utf8'),
        '<cbc:RegistrationName>Åbygge AB</cbc:RegistrationName>'
      )
      // the text part decodes to UTF-8 Swedish too
      const text = textPart(raw)
      assert.include(text, 'förfallodag')
    } finally {
      await mailer.close()
      await sink.close()
    }
  }).timeout(30_000)
})

/** Decode an RFC 2047 header (folded encoded words, Q or B, UTF-8). */
function decodeHeader(value: string) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16))
              ),
            'latin1'
          ).toString('utf8')
    )
    .replace(/\r\n[ \t]/g, ' ')
}

/** The MIME part whose headers name `filename`: its headers and its decoded body. */
function mimePart(raw: string, filename: string) {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)![1]
  const part = raw
    .split(`--${boundary}`)
    .find((p) => p.replace(/^\r\n/, '').split('\r\n\r\n')[0].includes(filename))
  if (!part) throw new Error(`no part named ${filename}`)
  const [headers, ...body] = part.replace(/^\r\n/, '').split('\r\n\r\n')
  const content = body.join('\r\n\r\n')
  return {
    headers,
    body: /Content-Transfer-Encoding: base64/i.test(headers)
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
      : Buffer.from(content, 'utf8'),
  }
}

/** The text/plain part, decoded (quoted-printable or base64). */
function textPart(raw: string) {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)![1]
  const part = raw.split(`--${boundary}`).find((p) => /Content-Type: text\/plain/i.test(p))!
  const [headers, ...body] = part.replace(/^\r\n/, '').split('\r\n\r\n')
  const content = body.join('\r\n\r\n')
  if (/Content-Transfer-Encoding: base64/i.test(headers))
    return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/quoted-printable/i.test(headers))
    return Buffer.from(
      content
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
          String.fromCharCode(Number.parseInt(hex, 16))
        ),
      'latin1'
    ).toString('utf8')
  return content
}
