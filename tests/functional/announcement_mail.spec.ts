/**
 * The e-mail of a driftmeddelande carries its text (issue 16, attack pass): a contact learns
 * what happens from the e-mail itself, not only its title and days. A kind always e-mailed
 * at once has no line about choosing what is e-mailed; the other kinds keep it.
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { notify } from '#actions/notifications/notify'
import { addDays, todayInStockholm } from '#domain/periods'

const publish = (client: ApiClient, user: User, form: Record<string, string>) =>
  client.post('/driftmeddelanden').loginAs(user).withCsrfToken().form(form).redirects(0)

const CHOICE_LINE = 'Välj vad som e-postas under Aviseringar'

test.group('Driftmeddelanden / the e-mail', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the announcement e-mail holds the message text and no line about choosing what is e-mailed', async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const today = todayInStockholm()
    ;(
      await publish(client, coordinator, {
        kind: 'disruption',
        title: 'Störning i hänvisningen',
        body: 'Hänvisningar når inte fram mellan kl. 9 och 11. Svara i stället direkt.',
        validFrom: today,
        validTo: addDays(today, 1),
      })
    ).assertStatus(302)
    await runNotificationSweep(new Date())
    const sent = messages.sent().find((message) => message.hasTo(contact.email))
    assert.exists(sent)
    sent!.assertTextIncludes(
      'Hänvisningar når inte fram mellan kl. 9 och 11. Svara i stället direkt.'
    )
    assert.notInclude(String(sent!.nodeMailerMessage.text), CHOICE_LINE)
  })

  test('a notification of a kind the reader chooses for keeps the line about choosing', async ({
    assert,
  }) => {
    const { messages } = mail.fake()
    const { user: contact } = await createContact()
    await notify([contact.id], 'deviation', {
      key: 'deviationAnswered',
      params: { id: 7 },
      url: '/avvikelser/7',
    })
    await runNotificationSweep(new Date())
    const [sent] = messages.sent()
    assert.include(String(sent.nodeMailerMessage.text), CHOICE_LINE)
  })
})
