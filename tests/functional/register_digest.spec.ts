import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAllocation } from '#actions/month_end/run_allocation'
import { completeExtensionOrder } from '#actions/extension_orders/complete_extension_order'
import { staleness } from '#queries/month_end/staleness'
import { registerDigest, summedRegisterDigest } from '#queries/month_end/register_digest'
import { aceJson, controlLoopCity, invoicedMonth } from '#tests/helpers/control_loop_city'

/** The key date of the city's periods (default: 31 October of the year before). */
const KEY_DATE = '2025-10-31'

async function file(name: string, text: string) {
  const path = join(await mkdtemp(join(tmpdir(), 'register-')), name)
  await writeFile(path, text)
  return path
}

/** The kept digest is the summed one, on the key date and on a day before and after it. */
async function assertKeptEqualsSummed(assert: { deepEqual: (a: unknown, b: unknown) => void }) {
  for (const day of [KEY_DATE, '2025-01-01', '2026-10-01']) {
    const kept = await registerDigest(db.connection(), day)
    assert.deepEqual(kept, await summedRegisterDigest(db.connection(), day))
    // asked again with nothing changed: still the same (now from what was kept)
    assert.deepEqual(await registerDigest(db.connection(), day), kept)
  }
}

const extensionChanges = async () =>
  (await staleness(db.connection(), '2026-10')).changes.filter((c) => c.kind === 'extensions')

test.group('Register digest / kept digest equals the summed register', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('after a full snapshot, a one-organisation snapshot, a completed order and direct edits, the kept digest is the summed one and staleness names the register', async ({
    assert,
  }) => {
    const { a, b, coordinator } = await controlLoopCity()
    await runAllocation('2026-10', null)
    await assertKeptEqualsSummed(assert)
    assert.isFalse((await staleness(db.connection(), '2026-10')).stale)

    // a snapshot of the whole register on the key date: ADM-A gains an extension
    const full = await aceJson('import:extensions', [
      await file(
        'register-2025-10-31.csv',
        'Anknytning;Organisation;Namn;Typ\n' +
          [
            ...['100', '101', '102', '103'].map((n) => `08519${n};ADM-A`),
            ...['200', '201'].map((n) => `08519${n};ADM-B`),
            ...['300', '301', '302', '303', '304'].map((n) => `08519${n};BOLAG-C`),
          ]
            .map((line) => `${line};Linje;Anknytning`)
            .join('\n') +
          '\n'
      ),
      '--as-of=2025-10-31',
    ])
    assert.equal(full.exitCode, 0, JSON.stringify(full.output))
    await assertKeptEqualsSummed(assert)
    assert.lengthOf(await extensionChanges(), 1)
    await runAllocation('2026-10', null)
    assert.isFalse((await staleness(db.connection(), '2026-10')).stale)

    // a snapshot of one organisation: ADM-B loses one
    const scoped = await aceJson('import:extensions', [
      await file(
        'adm-b.csv',
        'Anknytning;Organisation;Namn;Typ\n08519200;ADM-B;Linje;Anknytning\n'
      ),
      '--as-of=2025-10-31',
      '--organisation=ADM-B',
    ])
    assert.equal(scoped.exitCode, 0, JSON.stringify(scoped.output))
    await assertKeptEqualsSummed(assert)
    assert.lengthOf(await extensionChanges(), 1)
    await runAllocation('2026-10', null)

    // an order moving an ADM-A extension to ADM-B, completed on the key date
    const [order] = await db
      .table('extension_orders')
      .insert({
        organisation_id: a.id,
        kind: 'move',
        number: '08519100',
        target_organisation_id: b.id,
        wished_date: KEY_DATE,
        status: 'skickad',
        ordered_by: coordinator.id,
        // placed before the day it is performed (an order is not done before it is placed)
        created_at: new Date('2025-10-20T08:00:00Z'),
      })
      .returning('id')
    const done = await completeExtensionOrder(Number(order.id), KEY_DATE, coordinator.id)
    assert.isTrue(done.ok, JSON.stringify(done))
    await assertKeptEqualsSummed(assert)
    // the same number of entries: only the owners' sum tells the move
    const [moved] = await extensionChanges()
    assert.equal(moved?.change, 'changed')
    await runAllocation('2026-10', null)

    // direct edits of single entries (what any other writer could do)
    await db.from('extensions').where('number', '08519301').update({ organisation_id: a.id })
    await assertKeptEqualsSummed(assert)
    assert.lengthOf(await extensionChanges(), 1)
    await db
      .from('extensions')
      .where('number', '08519301')
      .whereNull('valid_to')
      .update({ valid_to: '2025-11-30' })
    await assertKeptEqualsSummed(assert)
    await db.from('extensions').where('number', '08519301').delete()
    await assertKeptEqualsSummed(assert)
    await db.table('extensions').insert({
      number: '08519999',
      organisation_id: b.id,
      valid_from: '2025-10-31',
    })
    await assertKeptEqualsSummed(assert)
    assert.lengthOf(await extensionChanges(), 1)
  })

  test('a late register change of an invoiced period reaches the later draft as a pending adjustment, and is gone once the draft is re-run', async ({
    assert,
  }) => {
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await invoicedMonth(city, '2026-09')
    await runAllocation('2026-10', null)
    await assertKeptEqualsSummed(assert)
    assert.isFalse((await staleness(db.connection(), '2026-10')).stale)

    const late = await aceJson('import:extensions', [
      await file(
        'adm-a-2025-10-31.csv',
        'Anknytning;Organisation;Namn;Typ\n' +
          ['08519100', '08519101', '08519102', '08519103']
            .map((n) => `${n};ADM-A;Linje;Anknytning`)
            .join('\n') +
          '\n'
      ),
      '--as-of=2025-10-31',
      '--organisation=ADM-A',
    ])
    assert.equal(late.exitCode, 0, JSON.stringify(late.output))
    assert.isTrue(late.output.late)
    await assertKeptEqualsSummed(assert)
    const stale = await staleness(db.connection(), '2026-10')
    assert.deepInclude(
      stale.changes.map((c) => [c.kind, c.ref]),
      ['late', '2026-09']
    )
    const rerun = await runAllocation('2026-10', null)
    assert.isTrue(rerun.ok)
    assert.isFalse((await staleness(db.connection(), '2026-10')).stale)
  })

  test('a change inside a transaction is seen there at once, and after its rollback the digest is the one before', async ({
    assert,
  }) => {
    const { a } = await controlLoopCity()
    const before = await registerDigest(db.connection(), KEY_DATE)
    await db
      .transaction(async (trx) => {
        await trx.table('extensions').insert({
          number: '08519777',
          organisation_id: a.id,
          valid_from: '2025-01-01',
        })
        const inside = await registerDigest(trx, KEY_DATE)
        assert.deepEqual(inside, await summedRegisterDigest(trx, KEY_DATE))
        assert.equal(Number(inside.count), Number(before.count) + 1)
        throw new Error('rolled back')
      })
      .catch((error) => assert.equal(error.message, 'rolled back'))
    assert.deepEqual(await registerDigest(db.connection(), KEY_DATE), before)
    await assertKeptEqualsSummed(assert)
  })

  test('a truncated register (and version row) is summed, never taken from what was kept', async ({
    assert,
  }) => {
    await controlLoopCity()
    await assertKeptEqualsSummed(assert)
    await db.rawQuery('DELETE FROM extension_register_state')
    await db.rawQuery('DELETE FROM extensions WHERE number = ?', ['08519100'])
    await assertKeptEqualsSummed(assert)
    await db.rawQuery('TRUNCATE extensions')
    await assertKeptEqualsSummed(assert)
    assert.equal((await registerDigest(db.connection(), KEY_DATE)).count, '0')
  })
})
