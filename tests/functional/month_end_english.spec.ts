import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { runAllocation } from '#actions/month_end/run_allocation'
import { controlLoopCity } from '#tests/helpers/control_loop_city'
import { importSupplierInvoice } from '#actions/supplier_invoices/import_supplier_invoice'
import { UserFactory } from '#database/factories/user_factory'
import { notifyDraftsAwaitingApproval } from '#actions/notifications/sweep'
import { titleOf } from '#services/notification_text'
import { placeExtensionOrders } from '#actions/extension_orders/place_extension_orders'

/**
 * Issue 14 point 4 (docs/adr/0023): the month-end's outcomes are codes, worded in the
 * reader's language. An English reader who runs the month-end from the pages — the
 * period page, the allocation, the invoices — reads no Swedish sentence and no Swedish
 * month name; only data (organisation names, numbers) stays as it is.
 */

/** Words and letters that only a Swedish outcome sentence has. */
const SWEDISH = /[åäöÅÄÖ]|\b(Perioden|Fakturan|Faktura|Kreditfaktura|inte|redan|godkänd)\b/
const SWEDISH_MONTHS =
  /\b(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) 20\d\d\b/

test.group('Month-end in English / outcomes after an action', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('refusals and successes of approve, issue, credit and correct are English for an English reader', async ({
    client,
    assert,
  }) => {
    const { controller, coordinator } = await controlLoopCity()
    // the coordinator runs it, so the controller may approve it (four eyes)
    const run = await runAllocation('2026-10', coordinator.id)
    assert.isTrue(run.ok)
    const english = (request: ReturnType<typeof client.post>) =>
      request.loginAs(controller).withSession({ locale: 'en' }).withCsrfToken().redirects(0)
    const flashes: string[] = []
    const flash = (response: { flashMessages(): Record<string, unknown> }) => {
      const messages = response.flashMessages() as { error?: string; success?: string }
      const text = String(messages.error ?? messages.success ?? '')
      flashes.push(text)
      return text
    }

    // invoices before the approval: refused
    const early = await english(client.post('/kostnadsfordelning/2026-10/fakturera'))
    assert.equal(
      flash(early),
      'The period 2026-10 is not approved. A controller approves the allocation before the invoices are issued.'
    )
    // reopening what is not approved: refused
    const reopen = await english(client.post('/kostnadsfordelning/2026-10/ateroppna'))
    assert.equal(flash(reopen), 'The period 2026-10 is not approved.')
    // approving a calculation that is not the one shown: refused, with the figures
    const calculationId = run.ok ? run.calculationId : 0
    const wrong = await english(
      client.post('/kostnadsfordelning/2026-10/godkann').form({ calculationId: calculationId + 1 })
    )
    assert.match(flash(wrong), /^The allocation for 2026-10 has been recalculated/)
    // approved
    const approved = await english(
      client.post('/kostnadsfordelning/2026-10/godkann').form({ calculationId })
    )
    assert.equal(flash(approved), 'The period 2026-10 is approved.')
    const again = await english(
      client.post('/kostnadsfordelning/2026-10/godkann').form({ calculationId })
    )
    assert.equal(flash(again), 'The period 2026-10 is already approved.')
    // issued: the plural is ICU's
    const issued = await english(client.post('/kostnadsfordelning/2026-10/fakturera'))
    assert.equal(flash(issued), '3 invoices were issued for 2026-10; the period is locked.')
    const twice = await english(client.post('/kostnadsfordelning/2026-10/fakturera'))
    assert.equal(flash(twice), 'The period 2026-10 is already invoiced.')

    // a credit note, then the same invoice again: refused
    const invoice = await db.from('invoices').where('period', '2026-10').orderBy('id').firstOrFail()
    const credited = await english(
      client.post(`/fakturor/${invoice.id}/kreditera`).form({ reason: 'Fel referens' })
    )
    const credit = await db.from('invoices').where('credits_invoice_id', invoice.id).firstOrFail()
    assert.equal(flash(credited), `Credit note ${credit.number} is issued.`)
    const creditedAgain = await english(
      client.post(`/fakturor/${invoice.id}/kreditera`).form({ reason: 'Fel referens' })
    )
    assert.equal(
      flash(creditedAgain),
      `Invoice ${invoice.number} is already credited (${credit.number}).`
    )
    // a replacement for an invoice that is not credited: refused
    const other = await db
      .from('invoices')
      .where('period', '2026-10')
      .whereNot('id', invoice.id)
      .where('kind', 'invoice')
      .orderBy('id')
      .firstOrFail()
    const notCredited = await english(client.post(`/fakturor/${other.id}/ersatt`))
    assert.equal(flash(notCredited), `Invoice ${other.number} is not credited; credit it first.`)
    // the replacement of the credited one
    const replaced = await english(client.post(`/fakturor/${invoice.id}/ersatt`))
    assert.match(flash(replaced), /^Invoice \S+ is issued and replaces the credited one\.$/)

    for (const text of flashes) assert.notMatch(text, SWEDISH, text)
  })

  test('the period page, the allocation list and the invoices name months in English', async ({
    client,
    assert,
  }) => {
    const { controller, coordinator } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    const english = (url: string) =>
      client.get(url).loginAs(controller).withSession({ locale: 'en' })

    const period = await english('/kostnadsfordelning/2026-10')
    period.assertStatus(200)
    assert.include(period.text(), 'October 2026')
    assert.notMatch(period.text(), SWEDISH_MONTHS)

    const list = await english('/kostnadsfordelning')
    list.assertStatus(200)
    assert.include(list.text(), 'October 2026')
    assert.notMatch(list.text(), SWEDISH_MONTHS)

    const run = await runAllocation('2026-10', coordinator.id)
    assert.isTrue(run.ok)
    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .loginAs(controller)
      .withCsrfToken()
      .form({ calculationId: run.ok ? run.calculationId : 0 })
    await client.post('/kostnadsfordelning/2026-10/fakturera').loginAs(controller).withCsrfToken()
    const invoices = await english('/fakturor')
    invoices.assertStatus(200)
    assert.include(invoices.text(), 'October 2026')
    assert.notMatch(invoices.text(), SWEDISH_MONTHS)

    // and the Swedish reader still reads Swedish
    const swedish = await client.get('/fakturor').loginAs(controller)
    assert.include(swedish.text(), 'oktober 2026')
  })

  test('a refusal shown on the period page after the redirect is the English one', async ({
    client,
    assert,
  }) => {
    const { controller, coordinator } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    const refused = await client
      .post('/kostnadsfordelning/2026-10/fakturera')
      .loginAs(controller)
      .withSession({ locale: 'en' })
      .withCsrfToken()
    refused.assertStatus(200)
    const page = refused.text()
    assert.include(page, 'The period 2026-10 is not approved.')
    assert.notInclude(page, 'Perioden 2026-10 är inte godkänd')
  })

  test('a supplier invoice import’s warnings are stored as codes and read in the reader’s language', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const file = new URL('../fixtures/supplier_invoice/valid.csv', import.meta.url).pathname
    const request = { filePath: file, fileName: 'valid.csv', userId: coordinator.id }
    const first = await importSupplierInvoice(request)
    // the command's output (FORMATS.md) is Swedish
    assert.match(first.warnings.at(-1)!, /^Faktura LF-2026-1001 för 2026-10: netto /)
    const stored = await db.from('imports').where('id', first.importId).firstOrFail()
    assert.deepInclude(stored.warnings.at(-1), { code: 'supplierInvoices.import.net' })

    const english = await client
      .get(`/administration/importer/${first.importId}`)
      .loginAs(coordinator)
      .withSession({ locale: 'en' })
    english.assertStatus(200)
    assert.match(english.text(), /Invoice LF-2026-1001 for 2026-10: net /)
    assert.notInclude(english.text(), 'för 2026-10: netto')
    const swedish = await client
      .get(`/administration/importer/${first.importId}`)
      .loginAs(coordinator)
    assert.match(swedish.text(), /Faktura LF-2026-1001 för 2026-10: netto /)
  })

  test('the “draft awaiting approval” notification names the month in its reader’s language', async ({
    assert,
  }) => {
    const { controller2 } = await controlLoopCity()
    await runAllocation('2026-10', controller2.id)
    assert.equal(await notifyDraftsAwaitingApproval(), 1)
    const stored = await db
      .from('notifications')
      .where('message_key', 'draftAwaitingApproval')
      .firstOrFail()
    assert.equal(stored.params.period, '2026-10')
    assert.equal(
      titleOf({ ...stored, locale: 'en' }),
      'The draft for October 2026 is waiting for approval'
    )
    assert.equal(
      titleOf({ ...stored, locale: 'sv' }),
      'Utkastet för oktober 2026 väntar på godkännande'
    )
    // a row stored before: the Swedish name as it was written
    assert.equal(
      titleOf({ ...stored, params: { ...stored.params, period: 'oktober 2026' }, locale: 'sv' }),
      'Utkastet för oktober 2026 väntar på godkännande'
    )
  })

  test('an extension order’s cost effect names its month in the reader’s language', async ({
    client,
    assert,
  }) => {
    const { a, coordinator } = await controlLoopCity()
    const run = await runAllocation('2026-10', coordinator.id)
    assert.isTrue(run.ok)
    const contact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: a.id,
    }).create()
    const inTwoWeeks = DateTime.now().setZone('Europe/Stockholm').plus({ days: 14 }).toISODate()!
    const placed = await placeExtensionOrders(
      [{ line: 1, kind: 'new', number: '0851999', name: 'Ny', wishedDate: inTwoWeeks }],
      { id: contact.id, organisationId: a.id },
      'form'
    )
    assert.deepEqual(placed.ok ? [] : placed.errors, [])
    const english = await client
      .get('/anknytningar/bestallningar')
      .loginAs(contact)
      .withSession({ locale: 'en' })
    english.assertStatus(200)
    assert.match(
      english.text(),
      /1 extension ≈ \+[\d\u00a0]+\u00a0kr\/month from [A-Z][a-z]+ 20\d\d/
    )
    assert.notMatch(english.text(), SWEDISH_MONTHS)
    const swedish = await client.get('/anknytningar/bestallningar').loginAs(contact)
    assert.match(swedish.text(), /1 anknytning ≈ \+[\d\u00a0]+\u00a0kr\/mån från [a-z]+ 20\d\d/)
  })
})
