/**
 * Messages that say what happened to the e-mail (issue 16 acceptance check): with e-mail not
 * set up on the server, cancelling a meeting, publishing a driftmeddelande and "Skicka igen"
 * do not claim that anything went out — they say it is not sent and where its status shows;
 * "Skicka igen" for an organisation with no address to send to is refused with that reason.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { deliverDocument } from '#actions/deliveries/deliver_document'
import { issuedFebruary, refusingMailer } from '#tests/helpers/delivery_fixture'
import { todayInStockholm } from '#domain/periods'
import { clock } from '#services/clock'
import { withMailOff } from '#services/mailer'

const meetingForm = {
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
  guests: 'anna@leverantor.example',
}

test.group('Messages about e-mail / true whether or not e-mail is set up', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => {
    mail.restore()
    clock.restore()
  })

  test('cancelling a meeting with e-mail off says the cancellations are not sent and where to see them; the page claims no cancellation was received', async ({
    client,
    assert,
  }) => {
    mail.fake()
    clock.freeze('2026-12-01T09:00:00Z')
    const coordinator = await UserFactory.create()
    const created = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form(meetingForm)
      .redirects(0)
    const id = Number(created.header('location')?.split('/')[2])
    // the guest's invitation went out before e-mail was switched off
    await db.from('meeting_guests').where('meeting_id', id).update({ sent_at: new Date() })

    await withMailOff(async () => {
      const cancelled = await client
        .post(`/natverkstraffar/${id}/installt`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ confirm: 'ja' })
        .redirects(0)
      cancelled.assertFlashMessage(
        'success',
        'Mötet är inställt och de inbjudna är aviserade i Växelnavet. E-post är inte inställd, så avbokningen till 1 gäst skickas inte – läget syns i gästlistan på mötets sida.'
      )
      const page = (await client.get(`/natverkstraffar/${id}`).loginAs(coordinator)).text()
      assert.notInclude(page, 'har fått en avbokning')
      assert.include(
        page,
        'De inbjudna är aviserade i Växelnavet. Om gästernas avbokningar har skickats syns i gästlistan nedan.'
      )
      assert.include(page, 'anna@leverantor.example – Avbokningen väntar på att skickas')
    })
  })

  test('publishing a driftmeddelande with e-mail off says the contacts are notified in Växelnavet, not that it was sent', async ({
    client,
  }) => {
    mail.fake()
    const coordinator = await UserFactory.create()
    await createContact()
    const today = todayInStockholm()
    await withMailOff(async () => {
      const response = await client
        .post('/driftmeddelanden')
        .loginAs(coordinator)
        .withCsrfToken()
        .form({
          kind: 'closure',
          title: 'Planering',
          body: 'Stängt.',
          validFrom: today,
          validTo: today,
        })
        .redirects(0)
      response.assertFlashMessage(
        'success',
        'Driftmeddelandet "Planering" publicerades och 1 telefoniansvarig aviserades i Växelnavet. E-post är inte inställd, så inget skickades per e-post.'
      )
    })
  })

  test('"Skicka igen" for an organisation with no address to send to is refused with the reason; with e-mail off it is refused saying so, and no attempt is used', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { administrationDelivery, companyDelivery } = await issuedFebruary()
    await db.from('users').where('email', 'like', '%@miljo.example').update({ is_active: false })
    assert.equal(await deliverDocument(administrationDelivery.id), 'failed')
    assert.equal(await deliverDocument(companyDelivery.id, { mailer: refusingMailer }), 'failed')
    const coordinator = await UserFactory.create()

    const refused = await client
      .post(`/utskick/${administrationDelivery.id}/skicka-igen`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    refused.assertFlashMessage(
      'error',
      'Organisationen har ingen e-postadress för fakturor och inga aktiva telefoniansvariga att skicka till. Lägg in en fakturaadress i organisationsregistret och skicka igen.'
    )
    const row = await db.from('document_deliveries').where('id', administrationDelivery.id).first()
    assert.equal(row.status, 'failed')
    assert.isNull(row.resent_by)

    // with e-mail off nothing is attempted (docs/adr/0025, attack pass): no queued promise
    const attempts = (await db.from('document_deliveries').where('id', companyDelivery.id).first())
      .attempts
    await withMailOff(async () => {
      const resent = await client
        .post(`/utskick/${companyDelivery.id}/skicka-igen`)
        .loginAs(coordinator)
        .withCsrfToken()
        .redirects(0)
      resent.assertFlashMessage(
        'error',
        'E-post är inte inställd på servern (SMTP_HOST saknas), så inget kunde skickas.'
      )
    })
    const after = await db.from('document_deliveries').where('id', companyDelivery.id).first()
    assert.equal(after.attempts, attempts)
    assert.isNull(after.resent_by)
  })
})
