/**
 * The drop folder as it runs: two app instances (their own processes, one scratch
 * database) polling one folder with their workers. Every file is read exactly once, by
 * one of them, moved to behandlade/ with its report, and told to the coordinator once.
 */
import { test } from '@japa/runner'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startNode, waitForHttp, type RunningProcess } from '#tests/helpers/processes'
import {
  createScratchDatabase,
  dropScratchDatabase,
  scratchUrl,
} from '#tests/helpers/scratch_database'

const appRoot = new URL('../../', import.meta.url).pathname
const DATABASE = `vx_drop_folder_${process.pid}`
const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10']

async function until<T>(check: () => Promise<T | null | undefined | false>, what: string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`timed out waiting for ${what}`)
}

test.group('Drop folder: two instances watching one folder', (group) => {
  let folder: string
  group.setup(async () => {
    folder = await mkdtemp(join(tmpdir(), 'vx-drop-instances-'))
    return async () => {
      await dropScratchDatabase(DATABASE)
      await rm(folder, { recursive: true, force: true })
    }
  })

  test('the workers of two instances read each dropped file once between them, and tell the coordinator once', async ({
    assert,
  }) => {
    const database = await createScratchDatabase(DATABASE, { migrated: true })
    const [coordinator] = await database
      .table('users')
      .insert({
        email: 'samordnare@inkorg.example',
        full_name: 'Samordnaren',
        password: 'x',
        role: 'samordnare',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    await database.table('organisations').insert({
      code: 'SDF-BROMMA',
      name: 'Bromma stadsdelsförvaltning',
      kind: 'forvaltning',
      active_from: '2020-01-01',
      created_at: new Date(),
      updated_at: new Date(),
    })

    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: scratchUrl(DATABASE),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DROP_FOLDER: folder,
      DROP_POLL_SECONDS: '0.3',
    }
    const ports = [await freePort(), await freePort()]
    const servers: RunningProcess[] = ports.map((port) =>
      startNode(['--import=@poppinss/ts-exec', 'bin/server.ts'], {
        cwd: appRoot,
        env: { ...env, PORT: String(port) },
      })
    )
    try {
      await Promise.all(
        servers.map((server, index) =>
          waitForHttp(`http://127.0.0.1:${ports[index]}/health/ready`, server, 90_000)
        )
      )
      for (const [index, month] of MONTHS.entries()) {
        await writeFile(
          join(folder, `anstallda-${month}.csv`),
          `Organisation;Månad;Antal anställda\nSDF-BROMMA;${month};${100 + index}\n`
        )
      }
      await writeFile(join(folder, 'okand.csv'), 'Namn;Telefon\nAnna;1\n')
      // call records go through the call import (its own connection, as from the command line)
      await writeFile(
        join(folder, 'samtal-2026-10.csv'),
        'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\n' +
          'A-1;2026-10-05 09:00:10;08-508 110 00;12;95;Kopplat;08-508 100 01;3,95\n' +
          'A-2;2026-10-05 09:05:00;08-508 110 00;3;0;Avbrutet;;0\n'
      )

      await until(
        async () => (await readdir(join(folder, 'behandlade')).catch(() => [])).length === 10,
        'five files read and reported'
      )
      await until(
        async () => (await readdir(join(folder, 'avvisade')).catch(() => [])).length === 2,
        'the unknown file refused'
      )
      // every import once, and nothing left claimed or in the folder
      const imports = await database.from('imports').where('type', 'headcount').select('status')
      assert.deepEqual(
        imports.map((row) => row.status),
        ['imported', 'imported', 'imported', 'imported']
      )
      const headcounts = await database.from('headcounts').orderBy('month').select('month')
      assert.deepEqual(
        headcounts.map((row) => row.month),
        MONTHS
      )
      const calls = await database
        .from('imports')
        .where('type', 'calls')
        .select('status', 'stored_count')
      assert.deepEqual(
        calls.map((row) => [row.status, Number(row.stored_count)]),
        [['imported', 2]]
      )
      assert.deepEqual(await readdir(join(folder, '.pagaende')), [])
      assert.deepEqual((await readdir(folder)).sort(), ['.pagaende', 'avvisade', 'behandlade'])
      const recorded = await database.from('drop_files').select('outcome')
      assert.lengthOf(recorded, 6)
      // a file is moved and recorded before its coordinators are told: wait for the telling
      // (of six, not more: a seventh would still fail the comparison below)
      const notices = () =>
        database
          .from('notifications')
          .where('user_id', coordinator.id)
          .where('kind', 'supplier_files')
          .select('message_key')
      await until(async () => (await notices()).length >= 6, 'the coordinator told of each file')
      const told = await notices()
      assert.sameMembers(
        told.map((row) => row.message_key),
        [
          'dropFileProcessed',
          'dropFileProcessed',
          'dropFileProcessed',
          'dropFileProcessed',
          'dropFileProcessed',
          'dropFileRejected',
        ]
      )
    } finally {
      for (const server of servers) server.child.kill('SIGTERM')
      await Promise.all(servers.map((server) => server.exited))
    }
  }).timeout(240_000)
})
