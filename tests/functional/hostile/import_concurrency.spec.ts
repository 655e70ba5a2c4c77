/**
 * The same file delivered twice at the same moment (attack pass 2026-12-03, issue 16 point
 * 9): real commits, no global transaction, the requests truly in parallel against the real
 * database. The idempotency check used to run before the import's transaction, so both
 * requests passed it: one 500 and two "imported" records. Whatever the order, exactly one
 * delivery reads the file and the other is answered as a repeat ("unchanged").
 */
import { test } from '@japa/runner'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { importSupplierFile } from '#actions/imports/import_supplier_file'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'

const ORGANISATION = 'PARALLELL-IMPORT'
const HEADCOUNT = `Organisation;Månad;Antal anställda\n${ORGANISATION};2025-10;1250\n${ORGANISATION};2025-11;1260\n`
const CALLS =
  'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\n' +
  'PARALLELL-1;2025-10-01 08:00:00;0850800000;5;60;kopplat;0850810001;0,50\n' +
  'PARALLELL-2;2025-10-01 08:05:00;0850800000;7;30;kopplat;0850810001;0,25\n'

async function cleanUp() {
  await db.rawQuery(`TRUNCATE import_rejected_rows, call_records, call_hourly, call_daily,
    call_hourly_org, headcounts, jobs CASCADE`)
  await db.from('imports').delete()
  const users = db.from('users').where('email', 'like', '%@parallell.example').select('id')
  await deleteAuditEntries((query) => query.whereIn('user_id', users))
  await db.from('auth_access_tokens').whereIn('tokenable_id', users).delete()
  await db.from('users').where('email', 'like', '%@parallell.example').delete()
  await db.from('organisations').where('code', ORGANISATION).delete()
}

async function importUser() {
  const [row] = await db
    .table('users')
    .insert({
      email: 'import@parallell.example',
      full_name: 'Leverantörens system',
      password: 'x',
      role: 'controller',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
  const user = await User.findOrFail(row.id)
  const token = await User.accessTokens.create(user, ['import'], { name: 'Parallellt' })
  return { user, key: token.value!.release() }
}

test.group('The same file delivered twice at once', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    await db.table('organisations').insert({
      code: ORGANISATION,
      name: 'Parallell förvaltning',
      kind: 'forvaltning',
      active_from: '2009-01-01',
      created_at: new Date(),
      updated_at: new Date(),
    })
    return cleanUp
  })

  test('two parallel deliveries of one file through the import API: one reads it, the other is answered "unchanged", never a 500', async ({
    client,
    assert,
  }) => {
    const { key } = await importUser()
    const deliver = () =>
      client
        .post('/api/v1/imports/headcount')
        .bearerToken(key)
        .file('file', Buffer.from(HEADCOUNT, 'utf8'), { filename: 'anstallda.csv' })
    for (let round = 0; round < 3; round++) {
      await db.rawQuery('TRUNCATE headcounts')
      await db.from('imports').delete()
      const answers = await Promise.all([deliver(), deliver(), deliver()])
      assert.sameMembers(
        answers.map((answer) => answer.status()),
        [201, 200, 200],
        `round ${round}`
      )
      assert.sameMembers(
        answers.map((answer) => answer.body().import.status),
        ['imported', 'unchanged', 'unchanged']
      )
      const imported = await db.from('imports').where('status', 'imported')
      assert.lengthOf(imported, 1)
      const stored = await db.from('headcounts').count('* as n').first()
      assert.equal(Number(stored.n), 2)
    }
  }).timeout(60_000)

  test('two parallel deliveries of one call-records file (drop folder and command-line path) read it once', async ({
    assert,
  }) => {
    const { user } = await importUser()
    const folder = await mkdtemp(join(tmpdir(), 'vx-parallel-calls-'))
    try {
      const paths = [join(folder, 'a.csv'), join(folder, 'b.csv')]
      for (const path of paths) await writeFile(path, CALLS)
      const results = await Promise.all(
        paths.map((filePath) =>
          importSupplierFile({ kind: 'calls', filePath, fileName: 'samtal.csv', userId: user.id })
        )
      )
      assert.sameMembers(
        results.map((result) => result.status),
        ['imported', 'unchanged']
      )
      const imported = await db.from('imports').where('type', 'calls').where('status', 'imported')
      assert.lengthOf(imported, 1)
      const stored = await db.from('call_records').count('* as n').first()
      assert.equal(Number(stored.n), 2)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  }).timeout(60_000)
})
