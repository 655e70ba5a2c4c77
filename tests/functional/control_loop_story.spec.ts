import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { aceJson, controlLoopCity } from '#tests/helpers/control_loop_city'
import User from '#models/user'
import { inDefaultLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

/** A supplementary supplier invoice for an invoiced month: 1 234,57 kr. */
async function lateInvoiceFile(number: string, period: string, amount: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sent-underlag-'))
  const file = join(dir, `${number}.csv`)
  await writeFile(
    file,
    'Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp\n' +
      `${number};2026-10-20;${period};TILLAGG;Tilläggsfaktura;1;st;${amount};${amount}\n`
  )
  return file
}

interface Adjustment {
  pool: string
  period: string
  amountOre: number
  reason: string
  shares: { organisation: string; amountOre: number }[]
}
const telefonist = (adjustments: Adjustment[]) =>
  adjustments.find((adjustment) => adjustment.pool === 'TELEFONIST')!

test.group('Control loop / the whole story on the command line', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('draft → late input → stale refusal → re-run → adjustment lines on the next invoices', async ({
    assert,
  }) => {
    const { controller, controller2 } = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    const samordnare = '--as=samordnare.loop@stad.example'
    const asController = `--as=${controller.email}`
    // September: run, approve, invoice
    assert.equal((await aceJson('allocation:run', ['2026-09', samordnare])).exitCode, 0)
    assert.equal((await aceJson('allocation:approve', ['2026-09', asController])).exitCode, 0)
    const september = await aceJson('invoices:issue', ['2026-09', asController])
    assert.equal(september.exitCode, 0)
    assert.lengthOf(september.output.invoices, 3)
    for (const invoice of september.output.invoices) {
      assert.equal(
        invoice.netOre,
        invoice.lines.reduce((sum: number, line: { amountOre: number }) => sum + line.amountOre, 0)
      )
      assert.isTrue(invoice.lines.every((line: { period: string }) => line.period === '2026-09'))
    }

    // October: a draft, then a supplementary invoice for September arrives
    const draft = await aceJson('allocation:run', ['2026-10', samordnare])
    assert.equal(draft.exitCode, 0)
    assert.deepEqual(draft.output.adjustments, [])
    const late = await aceJson('import:supplier-invoice', [
      await lateInvoiceFile('LF-SEPT-2', '2026-09', '1234,57'),
    ])
    assert.equal(late.exitCode, 0)
    assert.equal(late.output.status, 'imported')
    assert.isTrue(late.output.late)
    assert.match(late.output.warnings[0], /2026-09, som redan är fakturerad/)
    // September itself never changes
    assert.equal((await db.from('periods').where('period', '2026-09').first()).status, 'invoiced')

    // the draft is stale: approval is refused and names the late input
    const refused = await aceJson('allocation:approve', ['2026-10', asController])
    assert.equal(refused.exitCode, 1)
    assert.equal(refused.output.status, 'error')
    assert.match(refused.output.errors[0].message, /har ändrats sedan beräkningen/)
    assert.match(refused.output.errors[0].message, /september 2026/)

    // the re-run carries the adjustment of September, exact to the öre
    const rerun = await aceJson('allocation:run', ['2026-10', samordnare])
    assert.equal(rerun.exitCode, 0)
    const adjustment = telefonist(rerun.output.adjustments)
    assert.deepEqual(adjustment.shares, [
      { organisation: 'ADM-A', amountOre: 37_037 },
      { organisation: 'ADM-B', amountOre: 24_691 },
      { organisation: 'BOLAG-C', amountOre: 61_729 },
    ])
    assert.equal(adjustment.period, '2026-09')
    assert.equal(adjustment.amountOre, 123_457)
    assert.match(adjustment.reason, /LF-SEPT-2/)
    assert.lengthOf(rerun.output.adjustments, 1)

    const approved = await aceJson('allocation:approve', ['2026-10', `--as=${controller2.email}`])
    assert.equal(approved.exitCode, 0)
    const october = await aceJson('invoices:issue', ['2026-10', asController])
    assert.equal(october.exitCode, 0)
    const a = october.output.invoices.find(
      (invoice: { organisation: string }) => invoice.organisation === 'ADM-A'
    )
    assert.deepInclude(a.lines, { pool: 'TELEFONIST', period: '2026-09', amountOre: 37_037 })
    assert.deepInclude(a.lines, { pool: 'TELEFONIST', period: '2026-10', amountOre: 3_000_000 })
    assert.equal(
      a.netOre,
      a.lines.reduce((sum: number, line: { amountOre: number }) => sum + line.amountOre, 0)
    )
    const line = await db
      .from('invoice_lines')
      .where('adjusted_period', '2026-09')
      .where('amount_ore', 37_037)
      .firstOrFail()
    assert.equal(line.description, 'Justering september 2026 – Telefonisttjänst')

    // September is now settled at the recomputed shares: November adjusts nothing more
    await db.table('supplier_invoices').insert({
      invoice_number: 'LF-2026-11',
      invoice_date: '2026-11-28',
      period: '2026-11',
      net_ore: 100_000_00,
      content_hash: 'nov',
    })
    const november = await runAllocation('2026-11', null)
    assert.isTrue(november.ok)
    assert.deepEqual((november as { adjustments: unknown[] }).adjustments, [])
  })

  test('a second late input after settlement adjusts only the further difference', async ({
    assert,
  }) => {
    const { controller } = await controlLoopCity({ periods: ['2026-09', '2026-10', '2026-11'] })
    for (const period of ['2026-09', '2026-10']) {
      if (period === '2026-10') {
        await aceJson('import:supplier-invoice', [
          await lateInvoiceFile('LF-SEPT-2', '2026-09', '1234,57'),
        ])
      }
      assert.isTrue((await runAllocation(period, null)).ok)
      assert.isTrue((await setPeriodApproval(period, true, controller.id)).ok)
      assert.isTrue((await issueInvoices(period, controller.id)).ok)
    }
    await aceJson('import:supplier-invoice', [await lateInvoiceFile('LF-SEPT-3', '2026-09', '100')])
    const november = await runAllocation('2026-11', null)
    assert.isTrue(november.ok)
    const adjustment = telefonist((november as { adjustments: Adjustment[] }).adjustments)
    assert.equal(adjustment.amountOre, 10_000)
    assert.deepEqual(adjustment.shares, [
      { organisation: 'ADM-A', amountOre: 3_000 },
      { organisation: 'ADM-B', amountOre: 2_000 },
      { organisation: 'BOLAG-C', amountOre: 5_000 },
    ])
  })

  test('a late cost file marks the entries that fed the invoice replaced instead of deleting them', async ({
    assert,
  }) => {
    const { controller } = await controlLoopCity({ periods: ['2026-09'] })
    await runAllocation('2026-09', null)
    await setPeriodApproval('2026-09', true, controller.id)
    await issueInvoices('2026-09', controller.id)
    const dir = await mkdtemp(join(tmpdir(), 'kostnader-'))
    const file = join(dir, 'kostnader.csv')
    await writeFile(file, 'Period;Kostnadspost;Belopp;Text\n2026-09;ETJANST;41000;Licens rättad\n')
    const late = await aceJson('import:costs', [file])
    assert.equal(late.exitCode, 0)
    assert.isTrue(late.output.late)
    const entries = await db.from('cost_entries').where('period', '2026-09').orderBy('id')
    assert.lengthOf(entries, 2)
    assert.isNotNull(entries[0].replaced_at)
    assert.isNull(entries[1].replaced_at)
    const imported = await db.from('imports').where('type', 'costs').firstOrFail()
    assert.deepEqual(imported.late_periods, ['2026-09'])
  })
})

test.group('Control loop / over HTTP', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the period page names the late input, refuses the stale approval and re-runs', async ({
    client,
    assert,
  }) => {
    const { controller, controller2, coordinator } = await controlLoopCity({
      periods: ['2026-09', '2026-10'],
    })
    await runAllocation('2026-09', coordinator.id)
    await setPeriodApproval('2026-09', true, controller.id)
    await issueInvoices('2026-09', controller.id)
    const draft = await runAllocation('2026-10', coordinator.id)
    const shownId = (draft as { calculationId: number }).calculationId
    await aceJson('import:supplier-invoice', [
      await lateInvoiceFile('LF-SEPT-2', '2026-09', '1234,57'),
    ])

    const page = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    page.assertStatus(200)
    page.assertTextIncludes('Underlaget har ändrats sedan beräkningen')
    page.assertTextIncludes('Räkna om')
    const list = await client.get('/kostnadsfordelning').loginAs(controller)
    list.assertTextIncludes('Underlaget har ändrats')
    const invoicedPage = await client.get('/kostnadsfordelning/2026-09').loginAs(controller)
    invoicedPage.assertTextIncludes('LF-SEPT-2.csv')

    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .form({ calculationId: shownId })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    assert.equal((await db.from('periods').where('period', '2026-10').first()).status, 'draft')

    await client
      .post('/kostnadsfordelning')
      .form({ period: '2026-10' })
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    const period = await db.from('periods').where('period', '2026-10').first()
    assert.notEqual(Number(period.calculation_id), shownId)
    const after = await client.get('/kostnadsfordelning/2026-10').loginAs(controller2)
    after.assertTextIncludes('Justering september 2026 – Telefonisttjänst')
    assert.notInclude(after.text(), 'Underlaget har ändrats sedan beräkningen')
    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .form({ calculationId: Number(period.calculation_id) })
      .loginAs(controller2)
      .withCsrfToken()
      .redirects(0)
    assert.equal((await db.from('periods').where('period', '2026-10').first()).status, 'approved')
  })

  test('an approval goes stale when an input changes, and issuing is refused', async ({
    client,
    assert,
  }) => {
    const { controller, a } = await controlLoopCity({ periods: ['2026-10'] })
    await runAllocation('2026-10', null)
    assert.isTrue((await setPeriodApproval('2026-10', true, controller.id)).ok)
    await db
      .from('organisations')
      .where('id', a.id)
      .update({ active_to: '2026-10-15', updated_at: DateTime.now().toSQL() })
    const page = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    page.assertTextIncludes('Godkännandet gäller inte längre')
    const refused = await issueInvoices('2026-10', controller.id)
    assert.isFalse(refused.ok)
    assert.match(
      inDefaultLanguage((refused as { error: StoredMessage }).error),
      /ändrats sedan godkännandet.*ADM-A/
    )
    assert.lengthOf(await db.from('invoices'), 0)
  })

  test('the API shows the adjustments a period carries and whether it is stale', async ({
    client,
    assert,
  }) => {
    const { controller, coordinator } = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await runAllocation('2026-09', coordinator.id)
    await setPeriodApproval('2026-09', true, controller.id)
    await issueInvoices('2026-09', controller.id)
    await aceJson('import:supplier-invoice', [
      await lateInvoiceFile('LF-SEPT-2', '2026-09', '1234,57'),
    ])
    await runAllocation('2026-10', coordinator.id)
    const token = await User.accessTokens.create(controller, ['read'], { name: 'Ekonomi' })
    const response = await client
      .get('/api/v1/periods/2026-10/allocation')
      .header('Authorization', `Bearer ${token.value!.release()}`)
    response.assertStatus(200)
    assert.isFalse(response.body().stale)
    assert.deepEqual(response.body().adjustments, [
      {
        period: '2026-09',
        pool: 'TELEFONIST',
        amountOre: 123_457,
        shares: [
          { organisation: 'ADM-A', amountOre: 37_037 },
          { organisation: 'ADM-B', amountOre: 24_691 },
          { organisation: 'BOLAG-C', amountOre: 61_729 },
        ],
      },
    ])
  })
})
