/**
 * The backup drill: copy a database with rows and invoice PDFs, restore it into an empty
 * database and an empty storage folder, and find the same records and files there.
 * Runs on two scratch databases of the test server, so the suite's own data is untouched.
 */
import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import {
  createScratchDatabase,
  dropScratchDatabase,
  scratchSettings,
} from '#tests/helpers/scratch_database'
import {
  connect,
  createBackup,
  publicTableNames,
  TRANSIENT_TABLES,
  verifyBackup,
} from '#services/backup_archive'
import { restoreBackup } from '#actions/backups/restore_backup'
import { migrateDatabase, migrationsOnDisk } from '#services/migrations'
import { startNode } from '#tests/helpers/processes'
import { LocalStorage, type StorageBackend } from '#services/storage'
import { startS3Server } from '#tests/helpers/s3_server'

const suffix = `${process.pid}`
const SOURCE = `vx_backup_src_${suffix}`
const TARGET = `vx_backup_dst_${suffix}`
/** migrated once per group; each test's source database is a copy of it */
const MIGRATED = `vx_backup_tpl_${suffix}`

const settingsFor = scratchSettings

/** Every row of every table that is kept, as JSON text, so two databases compare exactly. */
async function contents(name: string) {
  const client = await connect(settingsFor(name), 'vaxelnavet-test')
  try {
    const result: Record<string, string[]> = {}
    for (const table of await publicTableNames(client)) {
      if (TRANSIENT_TABLES.includes(table) || table.startsWith('adonis_schema')) continue
      const { rows } = await client.query(
        `SELECT to_jsonb(t)::text AS row FROM "${table}" t ORDER BY 1`
      )
      result[table] = rows.map((row) => row.row)
    }
    const { rows } = await client.query(
      `SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`
    )
    result['(sequences)'] = rows.map((row) => `${row.sequencename}=${row.last_value}`)
    return result
  } finally {
    await client.end()
  }
}

/** A month of records in the source: an organisation, a user, an issued invoice with its PDF, an audit line, a session. */
async function recordsIn(storage: StorageBackend) {
  const source = db.connection(SOURCE)
  const [organisation] = await source
    .table('organisations')
    .insert({
      code: 'SDF-BROMMA',
      name: 'Bromma stadsdelsförvaltning',
      kind: 'forvaltning',
      cost_centre: '1234',
      invoice_reference: 'Ref 1',
      active_from: '2020-01-01',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
  const [user] = await source
    .table('users')
    .insert({
      email: 'samordnare@stad.example',
      full_name: 'Sam Ordnare',
      password: 'x',
      role: 'samordnare',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
  await source.table('periods').insert({ period: '2026-10', status: 'invoiced' })
  // periods and their calculations refer to each other
  const [calculation] = await source
    .table('allocation_calculations')
    .insert({ period: '2026-10', calculated_by: user.id, pool_count: 1, total_ore: 123456 })
    .returning('id')
  await source
    .from('periods')
    .where('period', '2026-10')
    .update({ calculation_id: calculation.id, approved_calculation_id: calculation.id })
  const pdf = Buffer.from('%PDF-1.4\nfaktura 2026-00001 – 1 234,56 kr\n%%EOF\n')
  await storage.createNew('invoices/2026/2026-00001.pdf', pdf)
  await source.table('invoices').insert({
    number: '2026-00001',
    year: 2026,
    sequence: 1,
    kind: 'invoice',
    period: '2026-10',
    organisation_id: organisation.id,
    issue_date: '2026-11-05',
    due_date: '2026-12-05',
    vat_rate_percent: 0,
    net_ore: 123456,
    vat_ore: 0,
    total_ore: 123456,
    pdf_path: 'invoices/2026/2026-00001.pdf',
    pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
    issued_by: user.id,
  })
  await source.table('audit_log').insert({
    user_id: user.id,
    action: 'create',
    entity_type: 'invoice',
    entity_id: '2026-00001',
    summary: 'Utfärdad',
  })
  await source
    .table('sessions')
    .insert({ id: 'a-session', data: 'secret', expires_at: new Date(Date.now() + 3_600_000) })
  await storage.createNew('uploads/waiting.csv', Buffer.from('SamtalsID;Start\n'))
}

test.group('Backups / the drill', (group) => {
  let work: string

  group.setup(async () => {
    await createScratchDatabase(MIGRATED, { migrated: true })
    await db.manager.close(MIGRATED, true)
    return () => dropScratchDatabase(MIGRATED)
  })

  group.each.setup(async () => {
    work = await mkdtemp(join(tmpdir(), 'vx-backup-'))
    await createScratchDatabase(SOURCE, { template: MIGRATED })
    await createScratchDatabase(TARGET)
    return async () => {
      await dropScratchDatabase(SOURCE)
      await dropScratchDatabase(TARGET)
      await rm(work, { recursive: true, force: true })
    }
  })

  for (const kind of ['local', 's3'] as const) {
    test(`a backup restores into an empty database and ${kind} storage with the same rows, sequences and invoice PDFs, and no sessions or uploads`, async ({
      assert,
    }) => {
      const s3 = kind === 's3' ? await startS3Server() : null
      const sourceStorage = s3
        ? s3.storage('source')
        : new LocalStorage(join(work, 'source-storage'))
      const targetStorage = s3
        ? s3.storage('target')
        : new LocalStorage(join(work, 'target-storage'))
      try {
        await recordsIn(sourceStorage)
        await createBackup({
          connection: settingsFor(SOURCE),
          storage: sourceStorage,
          outDir: join(work, 'backup'),
          app: { version: 'test', commit: null },
        })

        const result = await restoreBackup({
          dir: join(work, 'backup'),
          connection: settingsFor(TARGET),
          storage: targetStorage,
          migrations: await migrationsOnDisk(),
          migrate: () => migrateDatabase(TARGET),
        })
        assert.deepInclude(result, { ok: true, invoicePdfs: 1, files: 1 })

        const [before, after] = [await contents(SOURCE), await contents(TARGET)]
        const differing = Object.keys(before).filter(
          (table) => JSON.stringify(before[table]) !== JSON.stringify(after[table])
        )
        assert.deepEqual(
          differing.map((table) => [table, before[table].slice(0, 3), after[table]?.slice(0, 3)]),
          []
        )
        assert.lengthOf(before.invoices, 1)
        assert.deepEqual(
          await targetStorage.read('invoices/2026/2026-00001.pdf'),
          await sourceStorage.read('invoices/2026/2026-00001.pdf')
        )
        assert.isNull(await targetStorage.read('uploads/waiting.csv'))
        assert.lengthOf(await db.connection(TARGET).from('sessions'), 0)
        // the restored database goes on numbering where the source stopped
        const another = {
          code: 'NY',
          name: 'Ny',
          kind: 'bolag',
          active_from: '2027-01-01',
          created_at: new Date(),
          updated_at: new Date(),
        }
        const [next] = await db
          .connection(TARGET)
          .table('organisations')
          .insert(another)
          .returning('id')
        const [sourceNext] = await db
          .connection(SOURCE)
          .table('organisations')
          .insert(another)
          .returning('id')
        assert.equal(next.id, sourceNext.id)
      } finally {
        await s3?.close()
      }
    }).timeout(60_000)
  }

  test('verify names a changed file and a missing one', async ({ assert }) => {
    const storage = join(work, 'storage')
    await recordsIn(new LocalStorage(storage))
    const out = join(work, 'backup')
    await createBackup({
      connection: settingsFor(SOURCE),
      storage: new LocalStorage(storage),
      outDir: out,
      app: { version: 'test', commit: null },
    })
    assert.deepEqual((await verifyBackup(out)).problems, [])

    await writeFile(join(out, 'files', 'invoices', '2026', '2026-00001.pdf'), 'ändrad')
    await rm(join(out, 'database', 'invoices.copy.gz'))
    assert.sameMembers((await verifyBackup(out)).problems, [
      'files/invoices/2026/2026-00001.pdf stämmer inte med sin kontrollsumma',
      'database/invoices.copy.gz saknas',
    ])
  }).timeout(60_000)

  test("restore refuses a database or a storage folder that is not empty, a damaged backup, and another version's migrations, and changes nothing", async ({
    assert,
  }) => {
    const storage = join(work, 'storage')
    await recordsIn(new LocalStorage(storage))
    const out = join(work, 'backup')
    await createBackup({
      connection: settingsFor(SOURCE),
      storage: new LocalStorage(storage),
      outDir: out,
      app: { version: 'test', commit: null },
    })
    const migrations = await migrationsOnDisk()
    const restore = (overrides: object) =>
      restoreBackup({
        dir: out,
        connection: settingsFor(TARGET),
        storage: new LocalStorage(join(work, 'empty')),
        migrations,
        migrate: () => migrateDatabase(TARGET),
        ...overrides,
      })

    const intoSource = await restore({ connection: settingsFor(SOURCE) })
    assert.isFalse(intoSource.ok)
    assert.match((intoSource as { errors: string[] }).errors[0], /^Databasen är inte tom/)

    const intoFullStorage = await restore({ storage: new LocalStorage(storage) })
    assert.match((intoFullStorage as { errors: string[] }).errors[0], /^Lagringen .* är inte tom/)

    const otherVersion = await restore({
      migrations: [...migrations, 'database/migrations/9999_from_the_future'],
    })
    assert.match(
      (otherVersion as { errors: string[] }).errors[0],
      /^Säkerhetskopian är gjord av Växelnavet test med \d+ migreringar; den här versionen har \d+/
    )

    await writeFile(join(out, 'files', 'invoices', '2026', '2026-00001.pdf'), 'ändrad')
    const damaged = await restore({})
    assert.deepEqual((damaged as { errors: string[] }).errors, [
      'Säkerhetskopian är skadad:',
      'files/invoices/2026/2026-00001.pdf stämmer inte med sin kontrollsumma',
    ])

    const client = await connect(settingsFor(TARGET), 'vaxelnavet-test')
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`
    )
    await client.end()
    assert.equal(rows[0].n, 0)
  }).timeout(60_000)

  test('a backup into a folder that is not empty is refused', async ({ assert }) => {
    const out = join(work, 'full')
    await mkdir(out)
    await writeFile(join(out, 'annat.txt'), 'något')
    await assert.rejects(
      () =>
        createBackup({
          connection: settingsFor(SOURCE),
          storage: new LocalStorage(join(work, 'storage')),
          outDir: out,
          app: { version: 'test', commit: null },
        }),
      /finns redan och är inte tom/
    )
  }).timeout(60_000)
})

test.group('Backups / on the command line', () => {
  test('backup:create and backup:verify print one JSON document each; a damaged backup fails verify with the error JSON', async ({
    assert,
  }) => {
    const work = await mkdtemp(join(tmpdir(), 'vx-backup-cli-'))
    const appRoot = new URL('../../', import.meta.url).pathname
    const env = { ...process.env, NODE_ENV: 'test', STORAGE_PATH: join(work, 'storage') }
    try {
      const created = startNode(
        ['ace.js', 'backup:create', `--out=${join(work, 'backup')}`, '--json'],
        { cwd: appRoot, env }
      )
      assert.equal(await created.exited, 0, created.output())
      assert.include(JSON.parse(created.output()), { status: 'created', out: join(work, 'backup') })

      const verified = startNode(['ace.js', 'backup:verify', join(work, 'backup'), '--json'], {
        cwd: appRoot,
        env,
      })
      assert.equal(await verified.exited, 0, verified.output())
      assert.equal(JSON.parse(verified.output()).status, 'ok')

      await rm(join(work, 'backup', 'manifest.json'))
      const broken = startNode(['ace.js', 'backup:verify', join(work, 'backup'), '--json'], {
        cwd: appRoot,
        env,
      })
      assert.equal(await broken.exited, 1)
      assert.deepEqual(JSON.parse(broken.output()), {
        status: 'error',
        errors: [
          { message: `${join(work, 'backup', 'manifest.json')} saknas eller går inte att läsa` },
        ],
      })
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  }).timeout(60_000)
})
