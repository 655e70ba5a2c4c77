/**
 * The staleness check kept under the version of its inputs (docs/adr/0015, second
 * amendment; migration 0270): a view whose inputs did not change answers from one read, and
 * every committed write of any kind of input — by any writer, here plain SQL — is seen by
 * the next view. The version moves at commit, so these tests commit (no global
 * transaction) and remove what they wrote.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { runAllocation } from '#actions/month_end/run_allocation'
import {
  computedStaleness,
  periodStaleness,
  staleness,
  type Staleness,
} from '#queries/month_end/staleness'
import type { Assert } from '@japa/assert'
import {
  addSupplierInvoice,
  controlLoopCity,
  invoicedMonth,
} from '#tests/helpers/control_loop_city'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import { counted } from '#tests/helpers/statements'

const PERIOD = '2026-10'
const KEY_DATE = '2025-10-31'
const CODES = ['ADM-A', 'ADM-B', 'BOLAG-C']
const FILE = 'versionstest-register.csv'
const TRUE_UP_COMMENT = 'versionstest'

let auditBefore = 0
let samordningOre: string | null = null

/** Everything these tests committed, removed again (issued invoices only by TRUNCATE). */
async function cleanUp() {
  await db.rawQuery(
    `TRUNCATE exported_verifications, export_batches, invoice_lines, invoices, invoice_series,
       allocation_adjustment_shares, allocation_adjustments, period_recomputations,
       allocation_shares, allocations, allocation_calculations, periods CASCADE`
  )
  const periods = ['2026-09', '2026-10', '2026-12']
  await db.from('supplier_invoices').whereIn('period', periods).delete()
  await db.from('cost_entries').whereIn('period', periods).delete()
  await db.from('service_credits').whereIn('period', periods).delete()
  await db.from('true_ups').where('comment', TRUE_UP_COMMENT).delete()
  await db
    .from('pool_key_dates')
    .where('year', 2026)
    .whereIn('cost_pool_id', db.from('cost_pools').where('code', 'TELEFONIST').select('id'))
    .delete()
  if (samordningOre !== null)
    await db
      .from('cost_pools')
      .where('code', 'SAMORDNING')
      .update({ fixed_monthly_ore: samordningOre })
  const organisations = db.from('organisations').whereIn('code', CODES).select('id')
  await db.from('extension_snapshots').whereIn('organisation_id', organisations).delete()
  await db
    .from('extension_snapshots')
    .whereIn('import_id', db.from('imports').where('file_name', FILE).select('id'))
    .delete()
  await db.from('imports').where('file_name', FILE).delete()
  await db.from('headcounts').whereIn('organisation_id', organisations).delete()
  await db.from('extensions').whereIn('organisation_id', organisations).delete()
  await deleteAuditEntries((query) => query.where('id', '>', auditBefore))
  await db.from('users').where('email', 'like', '%.loop@stad.example').delete()
  await db.from('organisations').whereIn('code', CODES).delete()
}

/** The period page's check: the period's row as the page reads it, then the staleness. */
async function view(period = PERIOD) {
  const row = await db.from('periods').where('period', period).first()
  return counted(() => periodStaleness(period, row))
}

/** What the check computes from every input now, never kept. */
async function computed(period = PERIOD) {
  const row = await db.from('periods').where('period', period).firstOrFail()
  return computedStaleness(db.connection(), period, row.calculation_id)
}

/** A draft whose view is not stale, asked twice: the second answer is the kept one. */
async function keptDraft(assert: Assert, period = PERIOD) {
  const run = await runAllocation(period, null)
  if (!run.ok) throw new Error(JSON.stringify(run))
  assert.isFalse((await view(period)).result.stale)
  const again = await view(period)
  assert.isFalse(again.result.stale)
  assert.equal(again.statements, 1, 'a view with unchanged inputs reads only their version')
}

const keys = (answer: Staleness) => answer.changes.map((change) => `${change.change} ${change.key}`)

test.group('Staleness kept under the version of its inputs', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    const last = await db.from('audit_log').max('id as id').first()
    auditBefore = Number(last?.id ?? 0)
    const pool = await db.from('cost_pools').where('code', 'SAMORDNING').first()
    samordningOre = pool ? String(pool.fixed_monthly_ore) : null
    return cleanUp
  })

  test('a view whose inputs did not change answers from one read of their version, the same answer as computing every input', async ({
    assert,
  }) => {
    await controlLoopCity()
    await keptDraft(assert)
    await addSupplierInvoice(PERIOD, 'LF-VERSION-1', 5_000_00)
    const stale = await view()
    assert.isAbove(stale.statements, 1, 'computed again after an input changed')
    assert.deepEqual(stale.result, await computed())
    const kept = await view()
    assert.equal(kept.statements, 1)
    assert.deepEqual(kept.result, await computed())
    // a re-run is a new calculation: its answer is its own, not the one kept for the draft before
    await runAllocation(PERIOD, null)
    assert.isFalse((await view()).result.stale)
  })

  test('a new supplier invoice of the period makes the next view stale', async ({ assert }) => {
    await controlLoopCity()
    await keptDraft(assert)
    await addSupplierInvoice(PERIOD, 'LF-VERSION-2', 1_00)
    const { result } = await view()
    assert.includeMembers(keys(result), ['added supplier_invoice:LF-VERSION-2'])
    assert.deepEqual(result, await computed())
  })

  test('a changed supplier invoice amount makes the next view stale', async ({ assert }) => {
    await controlLoopCity()
    await keptDraft(assert)
    await db.from('supplier_invoices').where('invoice_number', `LF-${PERIOD}`).update({
      net_ore: 99_999_00,
    })
    assert.includeMembers(keys((await view()).result), [`changed supplier_invoice:LF-${PERIOD}`])
  })

  test('a service credit decided makes the next view stale, naming who decided by their name now', async ({
    assert,
  }) => {
    const { coordinator } = await controlLoopCity()
    await keptDraft(assert)
    await db.table('service_credits').insert({
      period: PERIOD,
      service_level: 0.8,
      target: 0.85,
      points: 5,
      percent: 5,
      fee_ore: 250_000_00,
      proposed_ore: 12_500_00,
      status: 'accepted',
      comment: 'Godtas enligt avtalet',
      decided_by: coordinator.id,
      decided_at: new Date(),
    })
    const first = (await view()).result
    const credit = first.changes.find((change) => change.key === 'service_credit')
    assert.equal(credit?.by, coordinator.fullName)
    // who took the decision is shown by the name they have now
    await db.from('users').where('id', coordinator.id).update({ full_name: 'Omdöpt Samordnare' })
    const renamed = (await view()).result
    assert.equal(
      renamed.changes.find((change) => change.key === 'service_credit')?.by,
      'Omdöpt Samordnare'
    )
    assert.deepEqual(renamed, await computed())
  })

  test('a new cost entry of a pool makes the next view stale', async ({ assert }) => {
    const { etjanst } = await controlLoopCity()
    await keptDraft(assert)
    await db.table('cost_entries').insert({
      period: PERIOD,
      cost_pool_id: etjanst.id,
      amount_ore: 1_000_00,
      text: 'Tillägg',
      line_number: 3,
    })
    assert.includeMembers(keys((await view()).result), ['changed cost_entries:ETJANST'])
  })

  test('an extension added to the register on the key date makes the next view stale', async ({
    assert,
  }) => {
    const { a } = await controlLoopCity()
    await keptDraft(assert)
    await db.table('extensions').insert({
      number: '08519199',
      organisation_id: a.id,
      valid_from: KEY_DATE,
    })
    assert.includeMembers(keys((await view()).result), [`changed extensions:${KEY_DATE}`])
  })

  test('a register snapshot dated on the key date makes the next view stale', async ({
    assert,
  }) => {
    const { a } = await controlLoopCity()
    await keptDraft(assert)
    const [row] = await db
      .table('imports')
      .insert({
        type: 'extensions',
        file_name: FILE,
        checksum: 'versionstest',
        idempotency_key: 'versionstest',
        status: 'imported',
      })
      .returning('id')
    await db
      .table('extension_snapshots')
      .insert({ organisation_id: a.id, as_of: KEY_DATE, import_id: row.id })
    const { result } = await view()
    const change = result.changes.find((c) => c.key === `extensions:${KEY_DATE}`)
    assert.equal(change?.change, 'changed')
    assert.include(change?.detail ?? '', FILE)
  })

  test('a changed headcount of the key month makes the next view stale', async ({ assert }) => {
    const { a } = await controlLoopCity()
    await keptDraft(assert)
    await db
      .from('headcounts')
      .where({ organisation_id: a.id, month: '2025-10' })
      .update({ employees: 301 })
    assert.includeMembers(keys((await view()).result), ['changed headcount:2025-10'])
  })

  test("an organisation's changed dates make the next view stale", async ({ assert }) => {
    const { b } = await controlLoopCity()
    await keptDraft(assert)
    await db.from('organisations').where('id', b.id).update({ connected_from: '2020-01-01' })
    assert.includeMembers(keys((await view()).result), ['changed organisation:ADM-B'])
  })

  test("a pool's changed fixed amount makes the next view stale", async ({ assert }) => {
    await controlLoopCity()
    await keptDraft(assert)
    await db.from('cost_pools').where('code', 'SAMORDNING').update({ fixed_monthly_ore: 1_00 })
    assert.includeMembers(keys((await view()).result), ['changed pool:SAMORDNING'])
  })

  test("a pool's key date set for the year makes the next view stale", async ({ assert }) => {
    await controlLoopCity()
    await keptDraft(assert)
    const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    await db
      .table('pool_key_dates')
      .insert({ cost_pool_id: pool.id, year: 2026, key_date: '2025-09-30' })
    assert.includeMembers(keys((await view()).result), ['changed pool:TELEFONIST'])
  })

  test("an accepted true-up of a fixed pool makes the next view of the year's December stale", async ({
    assert,
  }) => {
    const { controller } = await controlLoopCity({ periods: ['2026-12'] })
    await keptDraft(assert, '2026-12')
    const pool = await db.from('cost_pools').where('code', 'SAMORDNING').firstOrFail()
    await db.table('true_ups').insert({
      cost_pool_id: pool.id,
      year: 2026,
      charged_ore: 180_000_00,
      actual_ore: 190_000_00,
      amount_ore: 10_000_00,
      status: 'accepted',
      comment: TRUE_UP_COMMENT,
      decided_by: controller.id,
    })
    const { result } = await view('2026-12')
    assert.includeMembers(keys(result), ['added true_up:SAMORDNING'])
    assert.deepEqual(result, await computed('2026-12'))
  })

  test('a late supplier invoice of an invoiced period makes the next view of the open draft stale', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await invoicedMonth(city, '2026-09')
    await keptDraft(assert)
    await addSupplierInvoice('2026-09', 'LF-SEPT-SEN', 1_234_00)
    assert.includeMembers(keys((await view()).result), ['added late:2026-09'])
  })

  test('an input written in a transaction that rolls back leaves the answer as it was, and is not kept from inside it', async ({
    assert,
  }) => {
    await controlLoopCity()
    await keptDraft(assert)
    const trx = await db.transaction()
    try {
      await trx.table('supplier_invoices').insert({
        invoice_number: 'LF-ANGRAD',
        invoice_date: `${PERIOD}-28`,
        period: PERIOD,
        net_ore: 1_00,
        content_hash: 'LF-ANGRAD',
      })
      // inside the transaction its own write is seen (and nothing is kept)
      const inside = await staleness(trx, PERIOD)
      assert.includeMembers(keys(inside), ['added supplier_invoice:LF-ANGRAD'])
    } finally {
      await trx.rollback()
    }
    const after = await view()
    assert.isFalse(after.result.stale)
    assert.equal(after.statements, 1)
  })
})
