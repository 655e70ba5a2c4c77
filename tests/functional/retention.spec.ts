import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { applyRetention, latestRetentionCutoff } from '#actions/retention/apply_retention'
import { createContact } from '#database/factories/user_factory'

async function call(callId: string, startedAt: string, importId: number) {
  await db.table('call_records').insert({
    call_id: callId,
    started_at: startedAt,
    entry_number: '0850800000',
    wait_seconds: 10,
    talk_seconds: 60,
    outcome: 'besvarat',
    extension: null,
    cost: '3.9500',
    organisation_id: null,
    import_id: importId,
  })
}

test.group('Retention of raw call records', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('calls older than 36 whole months go, the boundary is midnight in Stockholm, calls a deviation names and the aggregates stay, the run is recorded', async ({
    assert,
  }) => {
    const [record] = await db
      .table('imports')
      .insert({
        type: 'calls',
        file_name: 'x.csv',
        checksum: 'x',
        idempotency_key: 'x',
        status: 'imported',
      })
      .returning('id')
    // 2023-12-01 00:00 in Stockholm is 2023-11-30 23:00 UTC
    await call('FORE', '2023-11-30T22:59:59Z', record.id)
    await call('GRANS', '2023-11-30T23:00:00Z', record.id)
    await call('GAMMAL', '2022-05-03T08:00:00Z', record.id)
    await call('AVVIKELSE', '2022-05-03T09:00:00Z', record.id)
    const { user, organisation } = await createContact()
    await db.table('deviations').insert({
      organisation_id: organisation.id,
      reported_by: user.id,
      occurred_at: '2022-05-03T09:00:00Z',
      type: 'felkopplat',
      description: 'Fel',
      call_id: 'AVVIKELSE',
    })
    await db.table('call_daily').insert({
      day: '2022-05-03',
      entry_number: '0850800000',
      outcome: 'besvarat',
      wait_bucket: 10,
      calls: 2,
      wait_seconds: 20,
      talk_seconds: 120,
      cost: '7.9000',
    })

    const preview = await applyRetention({ dryRun: true, userId: null, today: '2026-12-02' })
    assert.deepEqual(preview, {
      dryRun: true,
      months: 36,
      cutoff: '2023-12-01',
      deleted: 0,
      keptForDeviations: 1,
      removable: [
        { month: '2022-05', calls: 1 },
        { month: '2023-11', calls: 1 },
      ],
    })
    assert.lengthOf(await db.from('call_records'), 4)

    const applied = await applyRetention({ dryRun: false, userId: user.id, today: '2026-12-02' })
    assert.equal(applied.deleted, 2)
    const left = await db.from('call_records').orderBy('call_id').select('call_id')
    assert.deepEqual(
      left.map((row) => row.call_id),
      ['AVVIKELSE', 'GRANS']
    )
    assert.lengthOf(await db.from('call_daily'), 1)
    assert.equal(await latestRetentionCutoff(), '2023-12-01')
    const audit = await db.from('audit_log').where('entity_type', 'call_records').firstOrFail()
    assert.equal(
      audit.summary,
      'Gallring: 2 samtal från före 2023-12-01 togs bort (1 sparas för avvikelser)'
    )

    const again = await applyRetention({ dryRun: false, userId: null, today: '2026-12-02' })
    assert.equal(again.deleted, 0)
  })

  test('the number of months is a setting: 13 months keeps a year and the month before', async ({
    assert,
  }) => {
    await db.from('settings').where('key', 'call_records_retention_months').update({ value: '13' })
    const preview = await applyRetention({ dryRun: true, userId: null, today: '2026-12-02' })
    assert.equal(preview.cutoff, '2025-11-01')
  })
})

test.group('Retention / calls from before the cutoff are not counted again', (group) => {
  group.each.setup(async () => {
    await db
      .table('retention_runs')
      .insert({ cutoff: '2026-11-01', deleted_rows: 0, kept_for_deviations: 0 })
    return async () => {
      await db.from('retention_runs').delete()
      await db
        .from('imports')
        .whereIn('file_name', ['retention-valid.csv', 'retention-duplicate.csv'])
        .delete()
    }
  })

  for (const [fixture, path] of [
    ['valid.csv', 'the fast path'],
    ['duplicate_identical.csv', 'the staging path'],
  ]) {
    test(`a call file with calls from before the latest cutoff is refused whole, on ${path}`, async ({
      assert,
    }) => {
      const { importCalls } = await import('#actions/calls/import_calls')
      const fileName = fixture === 'valid.csv' ? 'retention-valid.csv' : 'retention-duplicate.csv'
      const result = await importCalls({
        filePath: new URL(`../fixtures/calls/${fixture}`, import.meta.url).pathname,
        fileName,
        userId: null,
      })
      assert.equal(result.status, 'rejected')
      assert.match(
        result.errors[0].message,
        /^Filen har samtal från 2026-10-\d\d, före gallringsgränsen 2026-11-01/
      )
      assert.lengthOf(await db.from('call_records'), 0)
      assert.lengthOf(await db.from('call_daily'), 0)
    })
  }
})
