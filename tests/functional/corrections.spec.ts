import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { correctPeriod } from '#actions/month_end/correct_period'
import { aceJson, addSupplierInvoice, controlLoopCity } from '#tests/helpers/control_loop_city'
import { inDefaultLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

async function invoicedSeptember() {
  const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
  await runAllocation('2026-09', null)
  await setPeriodApproval('2026-09', true, city.controller.id)
  await issueInvoices('2026-09', city.controller.id)
  return city
}

test.group('Corrections now / a whole period', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('credit notes and new invoices with the recomputed shares, in one step, traceable both ways', async ({
    assert,
  }) => {
    const { controller } = await invoicedSeptember()
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    const result = await correctPeriod(
      '2026-09',
      'Tilläggsfaktura från leverantören',
      controller.id
    )
    assert.isTrue(result.ok)
    const corrections = (
      result as {
        corrections: {
          organisation: string
          credited: string
          creditNote: string
          invoice: { number: string; lines: { pool: string; amountOre: number }[] }
        }[]
      }
    ).corrections
    assert.deepEqual(
      corrections.map((c) => c.organisation),
      ['ADM-A', 'ADM-B', 'BOLAG-C']
    )
    const a = corrections[0]
    assert.deepInclude(a.invoice.lines, {
      pool: 'TELEFONIST',
      period: '2026-09',
      amountOre: 3_037_037,
    } as never)
    const credit = await db.from('invoices').where('number', a.creditNote).firstOrFail()
    const original = await db.from('invoices').where('number', a.credited).firstOrFail()
    const replacement = await db.from('invoices').where('number', a.invoice.number).firstOrFail()
    assert.equal(credit.credits_invoice_id, original.id)
    assert.equal(credit.net_ore, String(-BigInt(original.net_ore)))
    assert.equal(replacement.corrects_invoice_id, original.id)
    // settled at the correction: the next period adjusts nothing
    const october = await runAllocation('2026-10', null)
    assert.deepEqual((october as { adjustments: unknown[] }).adjustments, [])
  })

  test('nothing to correct, a period not invoiced, or one already adjusted in an invoiced period: refused', async ({
    assert,
  }) => {
    const { controller } = await invoicedSeptember()
    const same = await correctPeriod('2026-09', 'Kontroll', controller.id)
    assert.match(inDefaultLanguage((same as { error: StoredMessage }).error), /inget att rätta/)
    const open = await correctPeriod('2026-10', 'Kontroll', controller.id)
    assert.match(inDefaultLanguage((open as { error: StoredMessage }).error), /inte fakturerad/)
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, controller.id)
    await issueInvoices('2026-10', controller.id)
    const adjusted = await correctPeriod('2026-09', 'För sent', controller.id)
    assert.match(
      inDefaultLanguage((adjusted as { error: StoredMessage }).error),
      /redan justerats i 2026-10/
    )
  })

  test('invoices:correct needs --as and --reason and answers with the corrections', async ({
    assert,
  }) => {
    await invoicedSeptember()
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    const without = await aceJson('invoices:correct', ['2026-09', '--reason=Tillägg'])
    assert.equal(without.exitCode, 1)
    assert.match(without.output.errors[0].message, /--as=E-POST/)
    const noReason = await aceJson('invoices:correct', [
      '2026-09',
      '--as=controller.loop@stad.example',
    ])
    assert.equal(noReason.exitCode, 1)
    const done = await aceJson('invoices:correct', [
      '2026-09',
      '--as=controller.loop@stad.example',
      '--reason=Tilläggsfaktura',
    ])
    assert.equal(done.exitCode, 0)
    assert.lengthOf(done.output.corrections, 3)
  })
})

test.group('Corrections now / chosen lines of an invoice', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a credit note for chosen lines takes back just those lines; each line is credited once', async ({
    assert,
  }) => {
    const { controller, a } = await invoicedSeptember()
    const invoice = await db.from('invoices').where('organisation_id', a.id).firstOrFail()
    const lines = await db.from('invoice_lines').where('invoice_id', invoice.id).orderBy('position')
    assert.isAbove(lines.length, 1)
    const first = await creditInvoice(
      Number(invoice.id),
      'Fel antal anknytningar',
      controller.id,
      [1]
    )
    assert.isTrue(first.ok)
    const credit = await db
      .from('invoices')
      .where('number', (first as { number: string }).number)
      .firstOrFail()
    assert.equal(credit.net_ore, String(-BigInt(lines[0].amount_ore)))
    const again = await creditInvoice(Number(invoice.id), 'Igen', controller.id, [1])
    assert.isFalse(again.ok)
    assert.match(
      inDefaultLanguage((again as { error: StoredMessage }).error),
      /inte redan är krediterade/
    )
    const blank = await creditInvoice(Number(invoice.id), '  ', controller.id, [2])
    assert.isFalse(blank.ok)
    const long = await creditInvoice(Number(invoice.id), 'x'.repeat(501), controller.id, [2])
    assert.match(inDefaultLanguage((long as { error: StoredMessage }).error), /1–500 tecken/)
    const twoLines = await creditInvoice(Number(invoice.id), 'Rad ett\nrad två', controller.id, [2])
    assert.isFalse(twoLines.ok)
    const rest = await creditInvoice(Number(invoice.id), 'Resten', controller.id)
    assert.isTrue(rest.ok)
    const credited = await db
      .from('invoice_lines')
      .whereIn(
        'credits_line_id',
        lines.map((line) => line.id)
      )
      .count('* as count')
    assert.equal(Number(credited[0].count), lines.length)
  })

  test('invoices:credit credits chosen lines with --lines and a reason', async ({ assert }) => {
    const { a } = await invoicedSeptember()
    const invoice = await db.from('invoices').where('organisation_id', a.id).firstOrFail()
    const result = await aceJson('invoices:credit', [
      invoice.number,
      '--as=controller.loop@stad.example',
      '--reason=Fel kostnadsställe',
      '--lines=2',
    ])
    assert.equal(result.exitCode, 0)
    assert.equal(result.output.credits, invoice.number)
  })

  test('over HTTP: the controller corrects a period from its page and credits chosen lines from the invoice list', async ({
    client,
    assert,
  }) => {
    const { controller, a, coordinator } = await invoicedSeptember()
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    const page = await client.get('/kostnadsfordelning/2026-09').loginAs(controller)
    page.assertTextIncludes('Rätta perioden nu')
    const forbidden = await client
      .post('/kostnadsfordelning/2026-09/rattelse')
      .form({ reason: 'Tilläggsfaktura' })
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    forbidden.assertStatus(403)
    await client
      .post('/kostnadsfordelning/2026-09/rattelse')
      .form({ reason: 'Tilläggsfaktura' })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    const replacement = await db
      .from('invoices')
      .where('organisation_id', a.id)
      .whereNotNull('corrects_invoice_id')
      .firstOrFail()
    const list = await client.get(`/fakturor/${replacement.id}/kreditera`).loginAs(controller)
    list.assertTextIncludes('name="lines[]"')
    await client
      .post(`/fakturor/${replacement.id}/kreditera`)
      .form({ 'reason': 'Fel på raden för e-tjänst', 'lines[]': ['1'] })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    const credit = await db
      .from('invoices')
      .where('credits_invoice_id', replacement.id)
      .firstOrFail()
    const line = await db
      .from('invoice_lines')
      .where('invoice_id', replacement.id)
      .where('position', 1)
      .firstOrFail()
    assert.equal(credit.net_ore, String(-BigInt(line.amount_ore)))
  })
})
