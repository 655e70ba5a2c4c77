/**
 * Call records through the import API are read by a background job on its own connection,
 * which commits for real: these tests clean up after themselves instead of a transaction.
 */
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { readFile } from 'node:fs/promises'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'

const fixture = (name: string) =>
  readFile(new URL(`../fixtures/calls/${name}`, import.meta.url).pathname)

async function cleanUp() {
  await db.rawQuery(
    'TRUNCATE call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows CASCADE'
  )
  await db.from('imports').where('type', 'calls').delete()
  await deleteAuditEntries((q) => q.where('entity_type', 'import'))
  await db.from('jobs').delete()
  const users = db.from('users').where('email', 'like', 'apiresultat%').select('id')
  await db.from('notifications').whereIn('user_id', users).delete()
  await db.from('auth_access_tokens').whereIn('tokenable_id', users).delete()
  await db.from('users').where('email', 'like', 'apiresultat%').delete()
}

test.group('Import API: call records read in the background', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('the coordinators are told the outcome when the background read ends, read or refused, as for a dropped file', async ({
    client,
    assert,
  }) => {
    const { runNextJob } = await import('#services/job_queue')
    await import('#actions/calls/queue_call_import')
    const coordinator = await UserFactory.merge({
      email: 'apiresultat-samordnare@stad.example',
    }).create()
    const sender = await UserFactory.merge({
      email: 'apiresultat-controller@stad.example',
      role: 'controller',
    }).create()
    const key = (
      await User.accessTokens.create(sender, ['import'], { name: 'Leverantören' })
    ).value!.release()

    const good = await client
      .post('/api/v1/imports/calls')
      .bearerToken(key)
      .file('file', await fixture('valid.csv'), { filename: 'samtal.csv' })
    good.assertStatus(202)
    assert.isTrue(await runNextJob())
    const bad = await client
      .post('/api/v1/imports/calls')
      .bearerToken(key)
      .file(
        'file',
        Buffer.from(
          'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\nB-1;2026-10-05 09:00:10;0850811000;12s;95;Kopplat;;3,95\n'
        ),
        { filename: 'fel.csv' }
      )
    bad.assertStatus(202)
    assert.isTrue(await runNextJob())

    const notices = await db
      .from('notifications')
      .where('user_id', coordinator.id)
      .orderBy('id')
      .select('message_key', 'url')
    assert.deepEqual(notices, [
      {
        message_key: 'apiFileQueued',
        url: `/administration/importer/${good.body().import.importId}`,
      },
      {
        message_key: 'apiFileProcessed',
        url: `/administration/importer/${good.body().import.importId}`,
      },
      {
        message_key: 'apiFileQueued',
        url: `/administration/importer/${bad.body().import.importId}`,
      },
      {
        message_key: 'apiFileRejected',
        url: `/administration/importer/${bad.body().import.importId}`,
      },
    ])
  })
})
