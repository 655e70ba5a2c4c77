import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { reconciliation } from '#actions/quality/supplier_follow_up'
import { settingProblem } from '#services/settings'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { aceJson, addSupplierInvoice, controlLoopCity } from '#tests/helpers/control_loop_city'
import { inDefaultLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

test.group('Month-end guards / an empty supplier-invoice pool', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a supplier-invoice pool with no invoice for the period is not approved without a confirmation', async ({
    assert,
  }) => {
    const { controller } = await controlLoopCity({ supplierInvoice: false })
    const run = await runAllocation('2026-10', null)
    assert.isTrue(run.ok)
    const refused = await setPeriodApproval('2026-10', true, controller.id)
    assert.isFalse(refused.ok)
    assert.match(
      inDefaultLanguage((refused as { error: StoredMessage }).error),
      /TELEFONIST har ingen leverantörsfaktura för 2026-10/
    )
    const blank = await setPeriodApproval('2026-10', true, controller.id, undefined, {
      emptyPoolComment: '   ',
    })
    assert.isFalse(blank.ok)
    assert.match(inDefaultLanguage((blank as { error: StoredMessage }).error), /Kommentaren/)
    assert.equal((await db.from('periods').where('period', '2026-10').first()).status, 'draft')
  })

  test('with the confirmation and a comment the approval goes through and the comment is kept and audited', async ({
    assert,
  }) => {
    const { controller } = await controlLoopCity({ supplierInvoice: false })
    await runAllocation('2026-10', null)
    const approved = await setPeriodApproval('2026-10', true, controller.id, undefined, {
      emptyPoolComment: 'Leverantören fakturerar oktober i november.',
    })
    assert.isTrue(approved.ok)
    const period = await db.from('periods').where('period', '2026-10').first()
    assert.equal(period.empty_pool_comment, 'Leverantören fakturerar oktober i november.')
    assert.equal(period.empty_pool_confirmed_by, controller.id)
    const audit = await db
      .from('audit_log')
      .where('entity_type', 'period')
      .whereLike('summary', '%utan leverantörsfaktura%')
      .first()
    assert.equal(audit.user_id, controller.id)
  })

  test('on the command line --confirm-empty-pool needs --comment', async ({ assert }) => {
    await controlLoopCity({ supplierInvoice: false })
    await runAllocation('2026-10', null)
    const without = await aceJson('allocation:approve', [
      '2026-10',
      '--as=controller.loop@stad.example',
    ])
    assert.equal(without.exitCode, 1)
    assert.match(without.output.errors[0].message, /--confirm-empty-pool/)
    const noComment = await aceJson('allocation:approve', [
      '2026-10',
      '--as=controller.loop@stad.example',
      '--confirm-empty-pool',
    ])
    assert.equal(noComment.exitCode, 1)
    const confirmed = await aceJson('allocation:approve', [
      '2026-10',
      '--as=controller.loop@stad.example',
      '--confirm-empty-pool',
      '--comment=Fakturan kommer i november',
    ])
    assert.equal(confirmed.exitCode, 0)
    assert.equal(confirmed.output.status, 'approved')
    assert.equal(confirmed.output.approvedBy, 'controller.loop@stad.example')
  })

  test('the page asks for the confirmation and the comment when the pool has no invoice', async ({
    client,
  }) => {
    const { controller } = await controlLoopCity({ supplierInvoice: false })
    await runAllocation('2026-10', null)
    // the empty pool is also a warning of the calculation: read before approving (docs/adr/0024)
    const period = await db.from('periods').where('period', '2026-10').firstOrFail()
    if (period.warnings.length > 0)
      await client
        .post('/kostnadsfordelning/2026-10/varningar-lasta')
        .form({ calculationId: period.calculation_id })
        .loginAs(controller)
        .withCsrfToken()
    const page = await client.get('/kostnadsfordelning/2026-10/godkann').loginAs(controller)
    page.assertTextIncludes('Ingen leverantörsfaktura')
    page.assertTextIncludes('name="emptyPoolComment"')
  })
})

test.group('Month-end guards / statistics-only reconciliation', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a month with only statistics compares the invoiced quantity with the answered calls and cannot check the amount', async ({
    assert,
  }) => {
    const id = await addSupplierInvoice('2026-10', 'LF-STAT', 1_000_00)
    await db.table('supplier_invoice_lines').insert({
      supplier_invoice_id: id,
      line_number: 1,
      article: 'SAMTAL',
      description: 'Besvarade samtal',
      quantity: '400.0000',
      unit: 'st',
      price: '2.5000',
      amount_ore: 1_000_00,
    })
    const day = (d: string, answered: number) => ({
      day: d,
      entry_number: '0850800000',
      offered: answered + 5,
      answered,
      answered_within_target: answered,
      target_seconds: 60,
      abandoned: 5,
      short_abandons: 0,
      total_wait_seconds: answered * 10,
      total_talk_seconds: answered * 100,
      transferred: 0,
    })
    await db
      .table('supplier_statistics')
      .multiInsert([day('2026-10-01', 250), day('2026-10-02', 150)])
    const check = await reconciliation('2026-10')
    assert.equal(check.answered, 400)
    assert.isFalse(check.quantityDiffers)
    assert.isFalse(check.amountCheckable)
    assert.isFalse(check.amountDiffers)
    assert.isFalse(check.flagged)

    await db.from('supplier_statistics').where('day', '2026-10-02').delete()
    const short = await reconciliation('2026-10')
    assert.isTrue(short.quantityDiffers)
    assert.isTrue(short.flagged)
  })
})

test.group('Month-end guards / four eyes', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the controller who ran the allocation last cannot approve it; another controller can', async ({
    assert,
  }) => {
    const { controller, controller2 } = await controlLoopCity()
    await runAllocation('2026-10', controller.id)
    const refused = await setPeriodApproval('2026-10', true, controller.id)
    assert.isFalse(refused.ok)
    assert.match(inDefaultLanguage((refused as { error: StoredMessage }).error), /fyra ögon/)
    const approved = await setPeriodApproval('2026-10', true, controller2.id)
    assert.isTrue(approved.ok)
    assert.equal(
      (await db.from('periods').where('period', '2026-10').first()).approved_by,
      controller2.id
    )
  })

  test('the four_eyes setting holds ja or nej and nothing else', async ({ assert }) => {
    assert.isNull(settingProblem('four_eyes', 'ja'))
    assert.isNull(settingProblem('four_eyes', 'nej'))
    assert.equal(settingProblem('four_eyes', 'kanske'), 'skriv på formen ja')
    assert.equal((await db.from('settings').where('key', 'four_eyes').first()).value, 'ja')
  })

  test('with four eyes turned off the runner may approve', async ({ assert }) => {
    const { controller } = await controlLoopCity()
    await db.from('settings').where('key', 'four_eyes').update({ value: 'nej' })
    await runAllocation('2026-10', controller.id)
    assert.isTrue((await setPeriodApproval('2026-10', true, controller.id)).ok)
  })

  test('the period page says why the approve button is missing for the runner', async ({
    client,
    assert,
  }) => {
    const { controller, controller2 } = await controlLoopCity()
    await runAllocation('2026-10', controller.id)
    const own = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    own.assertTextIncludes('fyra ögon')
    assert.notInclude(own.text(), 'Godkänn fördelningen</button>')
    const other = await client.get('/kostnadsfordelning/2026-10').loginAs(controller2)
    other.assertTextIncludes('Godkänn fördelningen')
  })
})

test.group('Month-end guards / --as on every money step', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('allocation:run, allocation:approve and invoices:issue refuse to run without --as', async ({
    assert,
  }) => {
    await controlLoopCity()
    for (const name of ['allocation:run', 'allocation:approve', 'invoices:issue']) {
      const { exitCode, output, lines } = await aceJson(name, ['2026-10'])
      assert.equal(exitCode, 1, name)
      assert.equal(lines, 1)
      assert.equal(output.status, 'error')
      assert.match(output.errors[0].message, /--as=E-POST/)
    }
    assert.isNull(await db.from('periods').where('period', '2026-10').first())
  })

  test('--as names an active user whose role may do the step', async ({ assert }) => {
    await controlLoopCity()
    const { user: contact } = await createContact()
    const inactive = await UserFactory.apply('controller').merge({ isActive: false }).create()
    const unknown = await aceJson('allocation:run', ['2026-10', '--as=ingen@stad.example'])
    assert.match(unknown.output.errors[0].message, /ingen aktiv användare/)
    const wrongRole = await aceJson('allocation:run', ['2026-10', `--as=${contact.email}`])
    assert.match(wrongRole.output.errors[0].message, /telefoniansvarig och får inte/)
    const off = await aceJson('allocation:run', ['2026-10', `--as=${inactive.email}`])
    assert.equal(off.exitCode, 1)
    const coordinatorApproves = await aceJson('allocation:approve', [
      '2026-10',
      '--as=samordnare.loop@stad.example',
    ])
    assert.match(coordinatorApproves.output.errors[0].message, /samordnare och får inte godkänna/)
  })

  test('each step records the user named by --as, and four eyes holds on the command line', async ({
    assert,
  }) => {
    const { coordinator, controller, controller2 } = await controlLoopCity()
    const run = await aceJson('allocation:run', ['2026-10', '--as=controller.loop@stad.example'])
    assert.equal(run.exitCode, 0)
    const self = await aceJson('allocation:approve', [
      '2026-10',
      '--as=controller.loop@stad.example',
    ])
    assert.equal(self.exitCode, 1)
    assert.match(self.output.errors[0].message, /fyra ögon/)
    const rerun = await aceJson('allocation:run', ['2026-10', `--as=${coordinator.email}`])
    assert.equal(rerun.exitCode, 0)
    const approved = await aceJson('allocation:approve', ['2026-10', `--as=${controller2.email}`])
    assert.equal(approved.exitCode, 0)
    assert.equal(approved.output.approvedBy, controller2.email)
    const issued = await aceJson('invoices:issue', ['2026-10', '--as=controller.loop@stad.example'])
    assert.equal(issued.exitCode, 0)
    const period = await db.from('periods').where('period', '2026-10').first()
    assert.equal(period.calculated_by, coordinator.id)
    assert.equal(period.approved_by, controller2.id)
    const entries = await db
      .from('audit_log')
      .where('entity_type', 'period')
      .where('entity_id', '2026-10')
      .orderBy('id')
      .select('user_id')
    assert.deepEqual(
      entries.map((e) => e.user_id),
      [controller.id, coordinator.id, controller2.id, controller.id]
    )
  })
})

test.group('Audit log / typed and append-only', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('month-end entries are typed by what they concern: period and invoice', async ({
    assert,
  }) => {
    const { controller, controller2 } = await controlLoopCity()
    await runAllocation('2026-10', controller.id)
    await setPeriodApproval('2026-10', true, controller2.id)
    const issued = await issueInvoices('2026-10', controller2.id)
    assert.isTrue(issued.ok)
    const invoice = await db.from('invoices').orderBy('id').firstOrFail()
    await creditInvoice(Number(invoice.id), 'Fel kostnadsställe', controller2.id)
    const types = (await db.from('audit_log').distinct('entity_type')).map((row) => row.entity_type)
    assert.includeMembers(types, ['period', 'invoice'])
    assert.notInclude(types, 'setting')
  })

  test('the audit log refuses UPDATE', async ({ assert }) => {
    await db.table('audit_log').insert({ action: 'create', entity_type: 'period', summary: 'x' })
    await assert.rejects(
      () => db.from('audit_log').update({ summary: 'ändrad' }),
      /granskningsloggen ändras eller tas aldrig bort/
    )
  })

  test('the audit log refuses DELETE', async ({ assert }) => {
    await db.table('audit_log').insert({ action: 'create', entity_type: 'period', summary: 'x' })
    await assert.rejects(
      () => db.from('audit_log').delete(),
      /granskningsloggen ändras eller tas aldrig bort/
    )
  })
})
