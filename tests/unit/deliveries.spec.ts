/** The rules of delivering documents by e-mail (app/domain/deliveries.ts, docs/adr/0025). */
import { test } from '@japa/runner'
import {
  attachmentNames,
  deliveryRecipients,
  dueForRetry,
  failureReason,
  MAX_AUTOMATIC_ATTEMPTS,
  mayResend,
  recipientsByLanguage,
} from '#domain/deliveries'

const DAY = 86_400_000

test.group('Deliveries / rules', () => {
  test('the invoice e-mail wins over the contacts; without it every valid contact address once', ({
    assert,
  }) => {
    assert.deepEqual(deliveryRecipients(' Faktura@Bolag.example ', ['a@stad.example']), {
      source: 'invoice_email',
      addresses: ['faktura@bolag.example'],
    })
    assert.deepEqual(
      deliveryRecipients(null, [
        'a@stad.example',
        'A@stad.example',
        'inte en adress',
        'b@stad.example',
      ]),
      { source: 'contacts', addresses: ['a@stad.example', 'b@stad.example'] }
    )
    assert.deepEqual(deliveryRecipients('fel-adress', ['a@stad.example']), {
      source: 'contacts',
      addresses: ['a@stad.example'],
    })
    assert.isNull(deliveryRecipients('', []))
    assert.isNull(deliveryRecipients(null, ['x@y', 'a b@c.se']))
  })

  test('a failed delivery is retried a full day after its last attempt, while attempts are left', ({
    assert,
  }) => {
    const now = new Date('2031-03-02T10:00:00Z')
    const failed = {
      status: 'failed' as const,
      attempts: 1,
      lastAttemptAt: new Date(now.getTime() - DAY),
    }
    assert.isTrue(dueForRetry(failed, now))
    assert.isFalse(
      dueForRetry({ ...failed, lastAttemptAt: new Date(now.getTime() - DAY + 1) }, now)
    )
    assert.isFalse(dueForRetry({ ...failed, attempts: MAX_AUTOMATIC_ATTEMPTS }, now))
    assert.isTrue(dueForRetry({ ...failed, attempts: MAX_AUTOMATIC_ATTEMPTS - 1 }, now))
    assert.isFalse(dueForRetry({ ...failed, status: 'sent' }, now))
    assert.isFalse(dueForRetry({ ...failed, status: 'queued' }, now))
  })

  test('only an ended delivery (sent or failed) may be sent again', ({ assert }) => {
    assert.isTrue(mayResend('sent'))
    assert.isTrue(mayResend('failed'))
    assert.isFalse(mayResend('queued'))
    assert.isFalse(mayResend('sending'))
  })

  test('a failure reason is one line of at most 500 characters', ({ assert }) => {
    assert.equal(failureReason(new Error('550 5.1.1\r\n  user unknown')), '550 5.1.1 user unknown')
    assert.lengthOf(failureReason('x'.repeat(2000)), 500)
    assert.equal(failureReason(new Error('')), 'okänt fel')
  })

  test('attachments are named by the invoice number and, for the report, the organisation and month', ({
    assert,
  }) => {
    assert.deepEqual(attachmentNames('2031-00012', 'KS', '2031-02'), {
      pdf: '2031-00012.pdf',
      ubl: '2031-00012.xml',
      report: 'manadsrapport-KS-2031-02.pdf',
    })
  })
})

test.group('Delivery e-mail languages', () => {
  test("each recipient gets the language of their account, an address that is nobody's Swedish, Swedish first", ({
    assert,
  }) => {
    const languages = new Map([
      ['anna@stad.example', 'en'],
      ['bo@stad.example', 'sv'],
    ])
    assert.deepEqual(
      recipientsByLanguage(
        ['Anna@stad.example', 'faktura@bolag.example', 'bo@stad.example'],
        languages
      ),
      [
        { locale: 'sv', addresses: ['faktura@bolag.example', 'bo@stad.example'] },
        { locale: 'en', addresses: ['Anna@stad.example'] },
      ]
    )
    assert.deepEqual(recipientsByLanguage(['anna@stad.example'], languages), [
      { locale: 'en', addresses: ['anna@stad.example'] },
    ])
  })
})
