/**
 * A delivery's failure reason is stored as a code and read in the reader's language; a row
 * stored before, as a Swedish sentence, is still read in the reader's language.
 */
import { test } from '@japa/runner'
import { deliveryFailureText } from '#services/labels'

test.group('Delivery failure reasons', () => {
  test('a coded reason is shown in English to an English reader and in Swedish to a Swedish one', ({
    assert,
  }) => {
    assert.match(deliveryFailureText('noRecipients', 'en'), /^The organisation has no/)
    assert.match(deliveryFailureText('mailOff', 'sv'), /^E-post är inte inställd/)
  })

  test('a reason stored as a Swedish sentence is shown in English; any other text as it is', ({
    assert,
  }) => {
    const old = 'E-post är inte inställd på servern (SMTP_HOST saknas), så inget kunde skickas.'
    assert.notInclude(deliveryFailureText(old, 'en'), 'E-post')
    assert.equal(deliveryFailureText('550 mailbox unavailable', 'en'), '550 mailbox unavailable')
  })
})
