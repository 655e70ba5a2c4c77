import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

/**
 * Issue 16, points 3–5 in the browser: a contact orders an extension, the coordinator
 * forwards feedback to the contact's organisation and decides the order, the contact answers
 * the feedback and sees the decision; every page on the way passes axe-core.
 */
test.group('Browser / extension orders and routed feedback (issue 16, points 3–5)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a contact orders an extension and answers forwarded feedback; the coordinator forwards the feedback and approves the order; no axe-core violations', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()

    // the contact orders a new extension from the form
    const contactPage = await visit('/logga-in')
    await logIn(contactPage, contact)
    await contactPage.goto('/anknytningar/bestallningar')
    assert.deepEqual(await axeViolations(contactPage), [])
    await contactPage.goto('/anknytningar/bestallningar/ny')
    assert.deepEqual(await axeViolations(contactPage), [])
    await contactPage.getByLabel('Åtgärd').selectOption('new')
    await contactPage.getByLabel('Anknytning', { exact: true }).fill('08-508 995 01')
    await contactPage.getByLabel('Namn', { exact: false }).first().fill('Reception')
    await contactPage.getByRole('button', { name: 'Skicka beställningen' }).click()
    await contactPage.assertTextContains('main', 'är skickad till samordnaren')
    await contactPage.assertTextContains('main', 'Ny anknytning')
    assert.deepEqual(await axeViolations(contactPage), [])
    const order = await db
      .from('extension_orders')
      .where('organisation_id', organisation.id)
      .firstOrFail()
    assert.equal(order.number, '0850899501')
    assert.equal(order.status, 'ny')

    // the coordinator forwards a complaint to the contact's organisation and approves the order
    await browserContext.clearCookies()
    const coordinatorPage = await visit('/logga-in')
    await logIn(coordinatorPage, coordinator)
    await coordinatorPage.goto('/aterkoppling/ny')
    assert.deepEqual(await axeViolations(coordinatorPage), [])
    await coordinatorPage.getByLabel('Organisation').selectOption({ label: organisation.name })
    await coordinatorPage.getByLabel('Typ').selectOption('klagomal')
    await coordinatorPage
      .getByLabel('Vad gäller det?')
      .fill('En uppringare hänvisades till ett nummer som inte längre finns.')
    await coordinatorPage.getByRole('button', { name: 'Registrera och skicka' }).click()
    await coordinatorPage.assertTextContains('main', 'Återkopplingen är registrerad')
    assert.deepEqual(await axeViolations(coordinatorPage), [])

    await coordinatorPage.goto(`/anknytningar/bestallningar/${order.id}`)
    assert.deepEqual(await axeViolations(coordinatorPage), [])
    await coordinatorPage
      .getByLabel('Kommentar')
      .fill('Godkänd, skickas till leverantören i veckan.')
    await coordinatorPage.getByRole('button', { name: 'Godkänn' }).click()
    await coordinatorPage.assertTextContains('main', `Beställning ${order.id} godkändes.`)
    assert.deepEqual(await axeViolations(coordinatorPage), [])
    assert.equal(
      (await db.from('extension_orders').where('id', order.id).firstOrFail()).status,
      'godkand'
    )

    // the contact answers the feedback and sees the order approved
    await browserContext.clearCookies()
    const answerPage = await visit('/logga-in')
    await logIn(answerPage, contact)
    await answerPage.goto('/aterkoppling')
    assert.deepEqual(await axeViolations(answerPage), [])
    const feedback = await db
      .from('organisation_feedback')
      .where('organisation_id', organisation.id)
      .firstOrFail()
    await answerPage.goto(`/aterkoppling/${feedback.id}`)
    assert.deepEqual(await axeViolations(answerPage), [])
    await answerPage.getByLabel('Ditt svar').fill('Tack, hänvisningslistan är rättad.')
    await answerPage.getByRole('button', { name: 'Skicka svar' }).click()
    await answerPage.assertTextContains('main', 'Ditt svar är sparat')
    await answerPage.assertTextContains('main', 'Tack, hänvisningslistan är rättad.')
    assert.deepEqual(await axeViolations(answerPage), [])
    await answerPage.goto(`/anknytningar/bestallningar/${order.id}`)
    await answerPage.assertTextContains('main', 'Godkänd')
    await answerPage.assertTextContains('main', 'Godkänd, skickas till leverantören i veckan.')
  })

  test('the unused extensions (contact and coordinator) and the feedback response-time report pass axe-core', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    await db.table('extensions').insert({
      number: '0850899601',
      organisation_id: organisation.id,
      name: 'Gammalt faxnummer',
      type: 'Fast',
      valid_from: '2020-01-01',
    })
    const contactPage = await visit('/logga-in')
    await logIn(contactPage, contact)
    await contactPage.goto('/anknytningar/oanvanda')
    await contactPage.assertTextContains('main', '0850899601')
    assert.deepEqual(await axeViolations(contactPage), [])

    await browserContext.clearCookies()
    const coordinatorPage = await visit('/logga-in')
    await logIn(coordinatorPage, coordinator)
    await coordinatorPage.goto('/anknytningar/oanvanda')
    assert.deepEqual(await axeViolations(coordinatorPage), [])
    await coordinatorPage.goto('/aterkoppling/svarstider')
    assert.deepEqual(await axeViolations(coordinatorPage), [])
  })

  test('without e-mail to the supplier the coordinator downloads the order file, marks the approved order sent by hand and sees it in its history; no axe-core violations', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.merge({ fullName: 'Eva Samordnare' }).create()
    const { user: contact, organisation } = await createContact()
    await db.table('extensions').insert({
      number: '0850899602',
      organisation_id: organisation.id,
      name: 'Gamla växelbordet',
      type: 'Fast',
      valid_from: '2020-01-01',
    })
    const [order] = await db
      .table('extension_orders')
      .insert({
        organisation_id: organisation.id,
        kind: 'remove',
        number: '0850899602',
        wished_date: '2027-01-15',
        ordered_by: contact.id,
        status: 'godkand',
      })
      .returning('id')
    await db.from('settings').where('key', 'supplier_order_email').update({ value: '' })

    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.goto('/anknytningar/bestallningar')
    await page.assertTextContains('main', 'Växelnavet kan inte skicka e-post till leverantören här')
    assert.deepEqual(await axeViolations(page), [])
    const download = page.getByRole('link', { name: 'Ladda ner beställningsfil (CSV)' })
    assert.include(await download.getAttribute('href'), `orderIds=${order.id}`)
    await page.getByRole('button', { name: 'Markera som skickade till leverantören' }).click()
    await page.assertTextContains('main', '1 beställning markerades som skickad till leverantören.')
    await page.assertTextContains('main', 'Inga godkända beställningar väntar på att skickas.')
    assert.deepEqual(await axeViolations(page), [])

    await page.goto(`/anknytningar/bestallningar/${order.id}`)
    await page.assertTextContains(
      'main',
      'Markerad som skickad till leverantören för hand, Eva Samordnare'
    )
    assert.deepEqual(await axeViolations(page), [])
    await page.getByLabel('Utförd den').fill(clock.today())
    await page.getByRole('button', { name: 'Markera utförd' }).click()
    await page.assertTextContains('main', 'Beställningen är utförd')
    assert.deepEqual(await axeViolations(page), [])
  })
})
