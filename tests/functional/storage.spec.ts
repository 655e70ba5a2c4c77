/**
 * One storage interface, two backends (app/services/storage.ts, docs/adr/0018): the local
 * folder and an S3-compatible object store behave the same for everything the app does
 * with stored files — and the app's stored files (invoice PDFs, queued uploads, backups)
 * work the same on S3.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalStorage, useStorage, type StorageBackend } from '#services/storage'
import { readVerified, writeStoredFile } from '#services/stored_file'
import { startS3Server } from '#tests/helpers/s3_server'

const document = { name: 'faktura test', damagedMessage: 'storage.invoicePdfDamaged' }

for (const kind of ['local', 's3'] as const) {
  test.group(`Storage / the ${kind} backend`, (group) => {
    let backend: StorageBackend
    let stop: () => Promise<void>

    group.each.setup(async () => {
      if (kind === 'local') {
        const folder = await mkdtemp(join(tmpdir(), 'vx-storage-'))
        backend = new LocalStorage(folder)
        stop = () => rm(folder, { recursive: true, force: true })
      } else {
        const server = await startS3Server()
        backend = server.storage('vaxelnavet')
        stop = () => server.close()
      }
      return () => stop()
    })

    test('a written file reads back byte for byte, lists under its folder with a time, and is gone after removal', async ({
      assert,
    }) => {
      const content = Buffer.from('%PDF-1.4 faktura 2026-00001 – å ä ö\n')
      await backend.createNew('invoices/2026/2026-00001.abc.pdf', content)
      assert.deepEqual(await backend.read('invoices/2026/2026-00001.abc.pdf'), content)
      const listed = await backend.list('invoices')
      assert.deepEqual(
        listed.map((file) => file.path),
        ['invoices/2026/2026-00001.abc.pdf']
      )
      assert.instanceOf(listed[0].modified, Date)
      assert.deepEqual(await backend.list('meetings'), [])
      await backend.remove('invoices/2026/2026-00001.abc.pdf')
      assert.isNull(await backend.read('invoices/2026/2026-00001.abc.pdf'))
      await backend.remove('invoices/2026/2026-00001.abc.pdf')
    })

    test('an upload streams in and is read back as a local file', async ({ assert }) => {
      const folder = await mkdtemp(join(tmpdir(), 'vx-upload-'))
      try {
        await writeFile(join(folder, 'samtal.csv'), 'SamtalsID;Start\nA-1;2026-10-05 09:00:10\n')
        await backend.upload('uploads/x.csv', join(folder, 'samtal.csv'))
        const text = await backend.withLocalFile('uploads/x.csv', async (path) =>
          (await import('node:fs/promises')).readFile(path, 'utf8')
        )
        assert.equal(text, 'SamtalsID;Start\nA-1;2026-10-05 09:00:10\n')
      } finally {
        await rm(folder, { recursive: true, force: true })
      }
    })

    test('a stored document is refused as missing (410) or damaged (409) through the one reader', async ({
      assert,
    }) => {
      const restore = useStorage(backend)
      try {
        const { path, sha256 } = await writeStoredFile(
          'invoices/2026',
          '2026-00002',
          'pdf',
          Buffer.from('%PDF-1.4 två')
        )
        assert.deepEqual(await readVerified(path, sha256, document), Buffer.from('%PDF-1.4 två'))
        await backend.remove(path)
        await backend.createNew(path, Buffer.from('%PDF-1.4 ändrad'))
        const damaged = await readVerified(path, sha256, document).catch((error) => error)
        assert.equal(damaged.status, 409)
        await backend.remove(path)
        const missing = await readVerified(path, sha256, document).catch((error) => error)
        assert.equal(missing.status, 410)
      } finally {
        restore()
      }
    })
  })
}

test.group('Storage / the app on S3', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an invoice PDF issued with S3 storage is in the bucket and downloads verified', async ({
    client,
    assert,
  }) => {
    const server = await startS3Server()
    const restore = useStorage(server.storage('vaxelnavet'))
    try {
      const { runAllocation, setPeriodApproval } = await import('#actions/month_end/run_allocation')
      const { issueInvoices } = await import('#actions/month_end/issue_invoices')
      const { OrganisationFactory } = await import('#database/factories/organisation_factory')
      const { UserFactory } = await import('#database/factories/user_factory')
      const organisation = await OrganisationFactory.merge({
        code: 'S3-ORG',
        kind: 'forvaltning',
      }).create()
      await db.table('extensions').insert({
        number: '0850899001',
        organisation_id: organisation.id,
        valid_from: '2020-01-01',
      })
      await db
        .table('headcounts')
        .insert({ organisation_id: organisation.id, month: '2025-10', employees: 10 })
      await db.table('supplier_invoices').insert({
        invoice_number: 'LF-S3',
        invoice_date: '2026-10-05',
        period: '2026-09',
        net_ore: 100_000,
        content_hash: 's3',
      })
      const coordinator = await UserFactory.create()
      const controller = await UserFactory.apply('controller').create()
      const run = await runAllocation('2026-09', coordinator.id)
      assert.isTrue(run.ok, JSON.stringify(run))
      const period = await db.from('periods').where('period', '2026-09').firstOrFail()
      const approved = await setPeriodApproval(
        '2026-09',
        true,
        controller.id,
        Number(period.calculation_id)
      )
      assert.isTrue(approved.ok, JSON.stringify(approved))
      const issued = await issueInvoices('2026-09', controller.id)
      assert.isTrue(issued.ok, JSON.stringify(issued))
      const invoice = await db
        .from('invoices')
        .where('organisation_id', organisation.id)
        .firstOrFail()
      const inBucket = await server.storage('vaxelnavet').read(invoice.pdf_path)
      assert.equal(createHash('sha256').update(inBucket!).digest('hex'), invoice.pdf_sha256)
      const download = await client.get(`/fakturor/${invoice.id}/pdf`).loginAs(controller)
      download.assertStatus(200)
    } finally {
      restore()
      await server.close()
    }
  }).timeout(60_000)
})

test.group('Storage / a queued upload on S3', (group) => {
  group.each.setup(async () => {
    const clean = async () => {
      await db.rawQuery(
        'TRUNCATE call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org CASCADE'
      )
      await db.from('jobs').delete()
      await db.from('imports').where('type', 'calls').delete()
      await db.from('users').where('email', 'like', 's3-upload%').delete()
    }
    await clean()
    return clean
  })

  test('a call file uploaded with S3 storage waits in the bucket, is imported by the job, and is removed afterwards', async ({
    client,
    assert,
  }) => {
    const server = await startS3Server()
    const bucket = server.storage('vaxelnavet')
    const restore = useStorage(bucket)
    try {
      const { runNextJob } = await import('#services/job_queue')
      await import('#actions/calls/queue_call_import')
      const { UserFactory } = await import('#database/factories/user_factory')
      const user = await UserFactory.merge({ email: 's3-upload@stad.example' }).create()
      const fixture = new URL('../fixtures/calls/valid.csv', import.meta.url).pathname
      const upload = await client
        .post('/administration/import/calls')
        .loginAs(user)
        .withCsrfToken()
        .file('file', fixture)
        .redirects(0)
      upload.assertStatus(302)
      assert.lengthOf(await bucket.list('uploads'), 1)
      assert.isTrue(await runNextJob())
      const record = await db.from('imports').where('type', 'calls').firstOrFail()
      assert.equal(record.status, 'imported')
      assert.equal(Number((await db.from('call_records').count('* as n').first())!.n), 6)
      assert.deepEqual(await bucket.list('uploads'), [])
    } finally {
      restore()
      await server.close()
    }
  }).timeout(60_000)
})
