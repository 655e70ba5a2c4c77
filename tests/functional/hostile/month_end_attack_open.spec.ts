/**
 * Found by the month-end attack pass (issue 13), kept open until issue 16: the e-invoice of
 * an issued company invoice was generated from today's register (ADR 0022), so after a
 * rename it named a buyer the PDF did not, and after the company became an administration
 * it was refused. The parties are now frozen on the invoice in the issuing transaction
 * (ADR 0025).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { ublDocument } from '#queries/invoices/ubl_document'
import { controlLoopCity, invoicedMonth } from '#tests/helpers/control_loop_city'

test.group('Month-end attack / an issued invoice never changes', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an issued company invoice keeps its e-invoice and its buyer when the register entry changes afterwards', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09'] })
    await db.from('organisations').where('id', city.c.id).update({
      org_number: '556036-0793',
      postal_street: 'Box 1',
      postal_code: '111 22',
      postal_town: 'Staden',
      invoice_email: 'faktura@bolagetc.example',
    })
    await invoicedMonth(city, '2026-09')
    const invoice = await db.from('invoices').where('organisation_id', city.c.id).firstOrFail()
    const before = await ublDocument({ id: Number(invoice.id) })
    assert.isTrue(before.ok)
    // the company is later taken over by the city, renamed and moved
    await db
      .from('organisations')
      .where('id', city.c.id)
      .update({ name: 'Nya namnet AB', postal_street: 'Annan gata 9' })
    const renamed = await ublDocument({ id: Number(invoice.id) })
    assert.deepEqual(
      (renamed as { ok: true; document: any }).document.buyer,
      (before as { ok: true; document: any }).document.buyer,
      'the buyer the PDF names'
    )
    await db.from('organisations').where('id', city.c.id).update({ kind: 'forvaltning' })
    const after = await ublDocument({ id: Number(invoice.id) })
    assert.isTrue(after.ok, 'the e-invoice of an issued Faktura')
    assert.equal((after as { ok: true; document: any }).document.buyer.name, 'Bolaget C AB')
  })

  test('an issued company invoice keeps its seller and payment terms when the issuer settings change afterwards', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09'] })
    await db.from('organisations').where('id', city.c.id).update({
      org_number: '556036-0793',
      postal_street: 'Box 1',
      postal_code: '111 22',
      postal_town: 'Staden',
    })
    await invoicedMonth(city, '2026-09')
    const invoice = await db.from('invoices').where('organisation_id', city.c.id).firstOrFail()
    const before = (await ublDocument({ id: Number(invoice.id) })) as { ok: true; document: any }
    await db.from('settings').where('key', 'issuer_name').update({ value: 'Ny utfärdare' })
    await db.from('settings').where('key', 'issuer_vat_number').update({ value: '' })
    await db.from('settings').where('key', 'company_payment_text').update({ value: 'Nya villkor' })
    const after = await ublDocument({ id: Number(invoice.id) })
    assert.isTrue(after.ok, 'not refused for a VAT number removed after the issue')
    assert.deepEqual((after as { ok: true; document: any }).document.seller, before.document.seller)
    assert.equal(
      (after as { ok: true; document: any }).document.paymentTerms,
      before.document.paymentTerms
    )
    assert.notEqual(before.document.seller.name, 'Ny utfärdare')
  })
})
