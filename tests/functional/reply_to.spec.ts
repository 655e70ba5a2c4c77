/**
 * E-mails that ask for a reply say where to send it (issue 16, attack pass): the invoice
 * e-mail replies to the issuer's contact address (setting `issuer_contact_email`, the
 * invoice's "Vår referens"), the order e-mail to the supplier to the coordinator who sent it
 * — not to the no-reply sender address.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import { issuedFebruary } from '#tests/helpers/delivery_fixture'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

const replyToOf = (message: { nodeMailerMessage: { replyTo?: unknown } }) =>
  JSON.stringify(message.nodeMailerMessage.replyTo ?? null)

test.group('E-mails asking for a reply / Reply-To', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test("the invoice e-mail's Reply-To is the issuer's contact address", async ({ assert }) => {
    const { messages } = mail.fake()
    await db
      .from('settings')
      .where('key', 'issuer_contact_email')
      .update({ value: 'vaxelfaktura@stad.example' })
    const { companyDelivery } = await issuedFebruary()
    assert.equal(await deliverDocument(companyDelivery.id), 'sent')
    const [message] = messages.sent()
    assert.include(replyToOf(message), 'vaxelfaktura@stad.example')
  })

  test("the order e-mail to the supplier has the sending coordinator's address as Reply-To", async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.merge({ email: 'eva.samordnare@stad.example' }).create()
    const { user: contact, organisation } = await createContact()
    await db.from('settings').where('key', 'supplier_order_email').update({
      value: 'bestallning@leverantor.example',
    })
    await db.table('extensions').insert({
      number: '0850899731',
      organisation_id: organisation.id,
      name: 'Receptionen',
      type: 'Fast',
      valid_from: '2020-01-01',
    })
    await db.table('extension_orders').insert({
      organisation_id: organisation.id,
      kind: 'remove',
      number: '0850899731',
      wished_date: clock.today(),
      ordered_by: contact.id,
      status: 'godkand',
    })
    const response = await client
      .post('/anknytningar/bestallningar/skicka')
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const [message] = messages.sent()
    message.assertTo('bestallning@leverantor.example')
    assert.include(replyToOf(message), 'eva.samordnare@stad.example')
  })
})
