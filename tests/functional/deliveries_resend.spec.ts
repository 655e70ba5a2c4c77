/**
 * "Skicka igen" and the daily retry tell the truth (issue 16, attack pass; docs/adr/0025):
 * a credited invoice is not sent again as a bill to pay, and while e-mail is not set up
 * nothing is attempted, no attempt is counted and the message says so.
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import { retryFailedDeliveries } from '#actions/deliveries/retry_failed_deliveries'
import { issuedFebruary, refusingMailer } from '#tests/helpers/delivery_fixture'
import { UserFactory } from '#database/factories/user_factory'
import { withMailOff } from '#services/mailer'

const resend = (client: ApiClient, user: User, id: number) =>
  client.post(`/utskick/${id}/skicka-igen`).loginAs(user).withCsrfToken().redirects(0)

const jobCount = async () =>
  Number((await db.from('jobs').where('type', 'deliver_document').count('* as n').first()).n)

test.group('Deliveries / Skicka igen', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('a credited invoice is not sent again as a bill: refused in Swedish naming the credit note, nothing queued', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const { companyInvoice, companyDelivery } = await issuedFebruary()
    assert.equal(await deliverDocument(companyDelivery.id), 'sent')
    const credit = await creditInvoice(companyInvoice.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    if (!credit.ok) return
    const coordinator = await UserFactory.create()
    const before = messages.sent().length
    const jobsBefore = await jobCount()

    const refused = await resend(client, coordinator, companyDelivery.id)
    refused.assertStatus(302)
    refused.assertFlashMessage(
      'error',
      `Faktura ${companyInvoice.number} är krediterad med kreditfaktura ${credit.number} och skickas inte igen som en faktura att betala. Skicka kreditfakturan igen om mottagaren behöver den.`
    )
    const row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.status, 'sent')
    assert.isNull(row.resent_by)
    assert.equal(await jobCount(), jobsBefore)
    assert.equal(messages.sent().length, before)
  })

  test('a failed delivery of an invoice credited since is not retried by itself', async ({
    assert,
  }) => {
    const { companyInvoice, companyDelivery } = await issuedFebruary()
    assert.equal(await deliverDocument(companyDelivery.id, { mailer: refusingMailer }), 'failed')
    const credit = await creditInvoice(companyInvoice.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    assert.equal(await retryFailedDeliveries(new Date(Date.now() + 2 * 86_400_000)), 0)
  })

  test('with e-mail off, "Skicka igen" attempts nothing, counts no attempt and says e-mail is not set up', async ({
    client,
    assert,
  }) => {
    const { companyDelivery } = await issuedFebruary()
    assert.equal(await deliverDocument(companyDelivery.id, { mailer: refusingMailer }), 'failed')
    const coordinator = await UserFactory.merge({ fullName: 'Eva Lindqvist' }).create()
    const attemptsBefore = (
      await db.from('document_deliveries').where('id', companyDelivery.id).first()
    ).attempts

    const refused = await withMailOff(() => resend(client, coordinator, companyDelivery.id))
    refused.assertStatus(302)
    refused.assertFlashMessage(
      'error',
      'E-post är inte inställd på servern (SMTP_HOST saknas), så inget kunde skickas.'
    )
    const row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.status, 'failed')
    assert.equal(row.attempts, attemptsBefore)
    assert.isNull(row.resent_by)
    const page = await client.get('/utskick').loginAs(coordinator)
    assert.notInclude(page.text(), 'Skickas igen av Eva Lindqvist')
  })

  test('with e-mail off, a queued delivery is not attempted and the daily retry uses no attempts', async ({
    assert,
  }) => {
    const { companyDelivery } = await issuedFebruary()
    const outcome = await withMailOff(() => deliverDocument(companyDelivery.id))
    assert.equal(outcome, 'failed')
    let row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.status, 'failed')
    assert.equal(row.last_error, 'mailOff')
    assert.equal(row.attempts, 0)
    // days go by with e-mail off: nothing is queued again, no attempt used
    for (const days of [1, 2, 3, 4, 5, 6])
      assert.equal(
        await withMailOff(() => retryFailedDeliveries(new Date(Date.now() + days * 86_400_000))),
        0
      )
    row = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(row.attempts, 0)
    // once e-mail is set up, the next retry takes it
    assert.equal(await retryFailedDeliveries(new Date(Date.now() + 86_400_000)), 1)
  })
})
