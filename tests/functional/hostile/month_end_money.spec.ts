/**
 * Money that must add up after corrections, credits and late inputs — the defects the
 * month-end attack found (issue 13), each reproduced first and fixed:
 * - a full correction after a credit of chosen lines credits the lines still open, so each
 *   organisation is charged its recomputed share once;
 * - credit notes of one invoice together take back exactly its VAT (cumulative rounding);
 * - a replacement ("ersätt") and a correction charge again the adjustment lines the credited
 *   invoice carried;
 * - an export batch holds one fiscal year, the one its SIE file declares;
 * - issuing a period holds the periods it adjusts, so a correction of one of them at the
 *   same moment cannot make a late input be charged twice.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { addAllocation, periodWithShares } from '#tests/helpers/month_end_fixtures'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueCorrectedInvoice, issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { correctPeriod } from '#actions/month_end/correct_period'
import { createExportBatch } from '#actions/month_end/export_batches'
import iconv from 'iconv-lite'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import {
  addSupplierInvoice,
  controlLoopCity,
  invoicedMonth,
} from '#tests/helpers/control_loop_city'

const sum = (rows: { net_ore: string }[]) => rows.reduce((s, r) => s + BigInt(r.net_ore), 0n)

test.group('Month-end money / money that must add up', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('after a credit of chosen lines, a full correction charges each organisation its recomputed share exactly once', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await invoicedMonth(city, '2026-09')
    const invoice = await db.from('invoices').where('organisation_id', city.a.id).firstOrFail()
    const credited = await creditInvoice(Number(invoice.id), 'Fel rad', city.controller.id, [1])
    assert.isTrue(credited.ok)
    // a late supplementary supplier invoice, corrected now
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    const corrected = await correctPeriod('2026-09', 'Tilläggsfaktura', city.controller.id)
    assert.isTrue(corrected.ok)

    const share = await db
      .from('allocation_shares as s')
      .join('allocations as a', 'a.id', 's.allocation_id')
      .where('a.period', '2026-09')
      .where('s.organisation_id', city.a.id)
      .sum('s.amount_ore as total')
      .first()
    const documents = await db
      .from('invoices')
      .where('period', '2026-09')
      .where('organisation_id', city.a.id)
      .select('net_ore')
    // what A is charged for September, all invoices and credit notes together
    assert.equal(sum(documents), BigInt(share!.total))
  })

  test('an invoice credited line by line takes back exactly its VAT, to the öre', async ({
    assert,
  }) => {
    const company = await OrganisationFactory.merge({
      code: 'HALVORE',
      name: 'Halvöret AB',
      kind: 'bolag',
      orgNumber: '556036-0793',
      postalStreet: 'Box 1',
      postalCode: '111 22',
      postalTown: 'Staden',
      invoiceEmail: 'faktura@halvoret.example',
    }).create()
    // two lines of 1,02 kr: VAT 25 % of each is 0,255 kr, of the total 0,51 kr
    const share = [{ organisationId: company.id, amountOre: 1_02 }]
    await periodWithShares('2032-04', share)
    await addAllocation('2032-04', share, { pool: 'ETJANST' })
    const issued = await issueInvoices('2032-04', null)
    assert.isTrue(issued.ok)
    const invoice = await db.from('invoices').where('organisation_id', company.id).firstOrFail()
    assert.equal(invoice.vat_ore, '51')
    assert.isTrue((await creditInvoice(Number(invoice.id), 'Rad 1', null, [1])).ok)
    assert.isTrue((await creditInvoice(Number(invoice.id), 'Rad 2', null, [2])).ok)
    const all = await db.from('invoices').where('organisation_id', company.id)
    // fully credited: nothing left to pay, neither net nor VAT
    assert.equal(sum(all), 0n)
    assert.equal(
      all.reduce((s, r) => s + BigInt(r.vat_ore), 0n),
      0n
    )
    assert.equal(
      all.reduce((s, r) => s + BigInt(r.total_ore), 0n),
      0n
    )
  })
})

/** September invoiced; a late supplier invoice for it; October run, approved and invoiced with the adjustment. */
async function octoberWithAdjustment() {
  const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
  await invoicedMonth(city, '2026-09')
  await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
  await invoicedMonth(city, '2026-10')
  const invoice = await db
    .from('invoices')
    .where('period', '2026-10')
    .where('organisation_id', city.a.id)
    .firstOrFail()
  const adjustment = await db
    .from('invoice_lines')
    .where('invoice_id', invoice.id)
    .whereNotNull('adjusted_period')
    .firstOrFail()
  return { city, invoice, adjustmentOre: BigInt(adjustment.amount_ore) }
}

/** What the organisation is charged in all, every invoice and credit note of any period. */
async function charged(organisationId: number) {
  const rows = await db.from('invoices').where('organisation_id', organisationId).select('net_ore')
  return sum(rows)
}

test.group('Month-end money / adjustments that must not be lost', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an invoice credited and replaced keeps its adjustment lines: the late input is charged once', async ({
    assert,
  }) => {
    const { city, invoice, adjustmentOre } = await octoberWithAdjustment()
    assert.notEqual(adjustmentOre, 0n)
    const before = await charged(city.a.id)
    assert.isTrue((await creditInvoice(Number(invoice.id), 'Fel referens', city.controller.id)).ok)
    const replaced = await issueCorrectedInvoice(Number(invoice.id), city.controller.id)
    assert.isTrue(replaced.ok)
    // credit and replacement change nothing in what A pays, adjustment included
    assert.equal(await charged(city.a.id), before)
  })

  test('a corrected period keeps the adjustment lines its invoices carried', async ({ assert }) => {
    const { city, adjustmentOre } = await octoberWithAdjustment()
    assert.notEqual(adjustmentOre, 0n)
    const octoberShareBefore = await db
      .from('allocation_shares as s')
      .join('allocations as a', 'a.id', 's.allocation_id')
      .where('a.period', '2026-10')
      .where('s.organisation_id', city.a.id)
      .sum('s.amount_ore as total')
      .first()
    // a supplementary invoice for October itself, corrected now
    await addSupplierInvoice('2026-10', 'LF-OKT-2', 2_000_00)
    const corrected = await correctPeriod('2026-10', 'Tilläggsfaktura', city.controller.id)
    assert.isTrue(corrected.ok)
    const octoberShare = await db
      .from('allocation_shares as s')
      .join('allocations as a', 'a.id', 's.allocation_id')
      .where('a.period', '2026-10')
      .where('s.organisation_id', city.a.id)
      .sum('s.amount_ore as total')
      .first()
    assert.notEqual(octoberShare!.total, octoberShareBefore!.total)
    const october = await db
      .from('invoices')
      .where('period', '2026-10')
      .where('organisation_id', city.a.id)
      .select('net_ore')
    // October's share now, plus the September adjustment October settled
    assert.equal(sum(october), BigInt(octoberShare!.total) + adjustmentOre)
  })
})

test.group('Month-end money / the export a ledger loads', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("an export batch's SIE 4 file has every verification inside the fiscal year it declares", async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: [] })
    // November's invoice issued on 30 December last year (invoices are immutable, so it is
    // written as issued then), exported in the new year: the January routine
    const lastYear = new Date().getFullYear() - 1
    await db.table('periods').insert({ period: `${lastYear}-11`, status: 'invoiced' })
    await db.table('invoices').insert({
      number: `${lastYear}-99999`,
      year: lastYear,
      sequence: 99999,
      kind: 'invoice',
      period: `${lastYear}-11`,
      organisation_id: city.a.id,
      issue_date: `${lastYear}-12-30`,
      due_date: `${lastYear + 1}-01-29`,
      vat_rate_percent: 0,
      net_ore: 100_00,
      vat_ore: 0,
      total_ore: 100_00,
    })
    const batch = await createExportBatch(city.controller.id)
    assert.isTrue(batch.ok)
    const sie = iconv.decode((batch as { sie: Buffer }).sie, 'cp437')
    const [, from, to] = /^#RAR 0 (\d{8}) (\d{8})/m.exec(sie)!
    const dates = [...sie.matchAll(/^#VER \S+ \S+ (\d{8})/gm)].map((m) => m[1])
    assert.isAbove(dates.length, 0)
    for (const date of dates) assert.isTrue(date >= from && date <= to, `${date} in ${from}–${to}`)
  })
})

/** Everything the race below committed, removed again (issued invoices only by TRUNCATE). */
let auditBefore = 0
async function cleanUpRace() {
  await db.rawQuery(
    `TRUNCATE exported_verifications, export_batches, invoice_lines, invoices, invoice_series,
       allocation_adjustment_shares, allocation_adjustments, period_recomputations,
       allocation_shares, allocations, allocation_calculations, periods CASCADE`
  )
  await db.from('supplier_invoices').whereIn('period', ['2026-09', '2026-10']).delete()
  await db.from('cost_entries').whereIn('period', ['2026-09', '2026-10']).delete()
  const organisations = db
    .from('organisations')
    .whereIn('code', ['ADM-A', 'ADM-B', 'BOLAG-C'])
    .select('id')
  await db.from('headcounts').whereIn('organisation_id', organisations).delete()
  await db.from('extensions').whereIn('organisation_id', organisations).delete()
  await deleteAuditEntries((query) => query.where('id', '>', auditBefore))
  await db.from('users').where('email', 'like', '%.loop@stad.example').delete()
  await db.from('organisations').whereIn('code', ['ADM-A', 'ADM-B', 'BOLAG-C']).delete()
}

test.group('Month-end money / two controllers at the same moment', (group) => {
  group.each.setup(async () => {
    const last = await db.from('audit_log').max('id as id').first()
    auditBefore = Number(last?.id ?? 0)
    return cleanUpRace
  })

  test('a late input is charged once when its period is corrected while the next period is being invoiced with its adjustment', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await invoicedMonth(city, '2026-09')
    await addSupplierInvoice('2026-09', 'LF-SEPT-2', 1_234_57)
    await runAllocation('2026-10', city.coordinator.id)
    await setPeriodApproval('2026-10', true, city.controller.id)

    // both steps pass their checks, then wait for the invoice number series
    const year = new Date().getFullYear()
    const blocker = await db.transaction()
    await blocker.rawQuery('SELECT * FROM invoice_series WHERE year = ? FOR UPDATE', [year])
    // the correction queues first (when October's issue gets the number first, the two
    // deadlock on September's period row and one is rolled back: that order is safe)
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1000))
    const refused = (error: unknown) => ({ ok: false as const, error: String(error) })
    const correcting = correctPeriod('2026-09', 'Tilläggsfaktura', city.controller.id).catch(
      refused
    )
    await pause()
    const issuing = issueInvoices('2026-10', city.controller2.id).catch(refused)
    await pause()
    await blocker.commit()
    const [corrected, issued] = await Promise.all([correcting, issuing])

    // the supplementary invoice is charged by the correction or by October's adjustment, not both
    const adjustmentLines = await db
      .from('invoice_lines as l')
      .join('invoices as i', 'i.id', 'l.invoice_id')
      .where('i.period', '2026-10')
      .whereNotNull('l.adjusted_period')
      .count('* as count')
    assert.isFalse(
      corrected.ok && issued.ok && Number(adjustmentLines[0].count) > 0,
      'September corrected AND adjusted in October'
    )
  })
})
