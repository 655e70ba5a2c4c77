/**
 * Several instances on one database, as behind a load balancer: two servers started as
 * their own processes on one (scratch) database and one storage folder. A session made on
 * one is valid on the other, a queued import runs once, a notification is e-mailed once
 * (through a real SMTP server), and an invoice PDF issued through one downloads from the
 * other.
 */
import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import hash from '@adonisjs/core/services/hash'
import { freePort, startNode, waitForHttp, type RunningProcess } from '#tests/helpers/processes'
import { HttpVisitor } from '#tests/helpers/browserless_session'
import {
  createScratchDatabase,
  dropScratchDatabase,
  scratchUrl,
} from '#tests/helpers/scratch_database'
import { startSmtpSink } from '#tests/helpers/smtp_sink'

const appRoot = new URL('../../', import.meta.url).pathname
const DATABASE = `vx_two_instances_${process.pid}`
const PASSWORD = 'två-instanser-en-databas'

async function until<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 30_000
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting for ${what}`)
}

test.group('Two instances on one database', (group) => {
  let storage: string

  group.setup(async () => {
    storage = await mkdtemp(join(tmpdir(), 'vx-shared-storage-'))
    return async () => {
      await dropScratchDatabase(DATABASE)
      await rm(storage, { recursive: true, force: true })
    }
  })

  test('a session is valid on both, a queued import and a notification e-mail happen once, an invoice issued on one downloads from the other', async ({
    assert,
  }) => {
    const database = await createScratchDatabase(DATABASE, { migrated: true })
    const password = await hash.make(PASSWORD)
    const user = (email: string, role: string) =>
      database
        .table('users')
        .insert({
          email,
          full_name: email,
          password,
          role,
          created_at: new Date(),
          updated_at: new Date(),
        })
        .returning('id')
    const [coordinator] = await user('samordnare@tva.example', 'samordnare')
    await user('controller@tva.example', 'controller')
    const [organisation] = await database
      .table('organisations')
      .insert({
        code: 'SDF-BROMMA',
        name: 'Bromma stadsdelsförvaltning',
        kind: 'forvaltning',
        active_from: '2020-01-01',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    await database.table('extensions').multiInsert([
      {
        number: '0850810001',
        organisation_id: organisation.id,
        name: 'Reception',
        valid_from: '2020-01-01',
      },
      {
        number: '0850810002',
        organisation_id: organisation.id,
        name: 'Hemtjänst',
        valid_from: '2020-01-01',
      },
    ])
    await database
      .table('headcounts')
      .insert({ organisation_id: organisation.id, month: '2025-10', employees: 120 })
    await database.table('supplier_invoices').insert({
      invoice_number: 'LF-2026-0901',
      invoice_date: '2026-11-05',
      period: '2026-09',
      net_ore: 4_128_750,
      content_hash: 'two-instances',
    })

    const sink = await startSmtpSink()
    const ports = [await freePort(), await freePort()]
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: scratchUrl(DATABASE),
      HOST: '127.0.0.1',
      STORAGE_PATH: storage,
      SESSION_DRIVER: 'database',
      LOG_LEVEL: 'warn',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      JOB_POLL_SECONDS: '1',
      NOTIFICATION_SWEEP_SECONDS: '1',
    }
    const servers: RunningProcess[] = ports.map((port) =>
      startNode(['--import=@poppinss/ts-exec', 'bin/server.ts'], {
        cwd: appRoot,
        env: { ...env, PORT: String(port) },
      })
    )
    const [a, b] = ports.map((port) => `http://127.0.0.1:${port}`)
    try {
      await Promise.all(
        servers.map((server, index) => waitForHttp(`${[a, b][index]}/health/ready`, server, 90_000))
      )

      // a session made on A is valid on B
      const office = new HttpVisitor(a)
      await office.get('/logga-in')
      assert.equal(
        (await office.submit('/logga-in', { email: 'samordnare@tva.example', password: PASSWORD }))
          .location,
        '/oversikt'
      )
      assert.equal((await office.moveTo(b).get('/oversikt')).status, 200)

      // an import uploaded to B is run once, by whichever instance takes the job
      await office.get('/administration/import/calls')
      const upload = await office.upload(
        '/administration/import/calls',
        'samtal.csv',
        await readFile(join(appRoot, 'tests/fixtures/calls/valid.csv'))
      )
      assert.equal(upload.status, 302, upload.text)
      const imported = await until(async () => {
        const row = await database.from('imports').where('type', 'calls').first()
        return row && row.status !== 'running' && row.status !== 'queued' ? row : null
      }, 'the queued call import')
      assert.equal(imported.status, 'imported')
      const jobs = await until(async () => {
        const rows = await database.from('jobs').select('status', 'attempts')
        return rows.every((job) => job.status !== 'running' && job.status !== 'queued')
          ? rows
          : null
      }, 'the job to end')
      assert.deepEqual(
        jobs.map((job) => [job.status, job.attempts]),
        [['done', 1]]
      )
      assert.equal(Number((await database.from('call_records').count('* as n').first())!.n), 6)

      // notifications waiting for e-mail go out once although both instances sweep every second
      await database.table('notifications').multiInsert(
        Array.from({ length: 10 }, (_, index) => ({
          user_id: coordinator.id,
          kind: 'meeting',
          title: `Meddelande ${index + 1}`,
          url: '/natverkstraffar',
          mail_status: 'pending',
        }))
      )
      await until(
        async () =>
          Number(
            (await database
              .from('notifications')
              .where('mail_status', 'sent')
              .where('title', 'like', 'Meddelande %')
              .count('* as n')
              .first())!.n
          ) === 10,
        'the e-mails'
      )
      await new Promise((resolve) => setTimeout(resolve, 3000))
      const received = sink.received.map((mail) => /^Subject: (.*)$/m.exec(mail.raw)![1]).sort()
      // besides these, the sweeps' own reminders (an organisation without an avstämning,
      // docs/adr/0031) go out too, each once
      const subjects = received.filter((subject) => subject.includes('Meddelande'))
      assert.lengthOf(subjects, 10, received.join(' | '))
      assert.lengthOf(new Set(subjects), 10)
      assert.lengthOf(new Set(received), received.length, received.join(' | '))

      // (September: the imported calls are October's, so nothing needs reconciling)
      // the coordinator runs the month on A, the controller approves on B and issues on A;
      // the PDF downloads from B, byte for byte what was recorded
      await office.moveTo(a).get('/kostnadsfordelning')
      const run = await office.submit('/kostnadsfordelning', { period: '2026-09' })
      assert.equal(run.status, 302, run.text)
      const controller = new HttpVisitor(b)
      await controller.get('/logga-in')
      await controller.submit('/logga-in', { email: 'controller@tva.example', password: PASSWORD })
      await controller.get('/kostnadsfordelning/2026-09')
      const period = await database.from('periods').where('period', '2026-09').firstOrFail()
      // the month-end checklist (docs/adr/0024): the calculation's warnings are read first
      if (period.warnings.length > 0) {
        const read = await controller.submit('/kostnadsfordelning/2026-09/varningar-lasta', {
          calculationId: String(period.calculation_id),
        })
        assert.equal(read.status, 302)
      }
      const approved = await controller.submit('/kostnadsfordelning/2026-09/godkann', {
        calculationId: String(period.calculation_id),
      })
      assert.equal(approved.status, 302)
      assert.equal(
        (await database.from('periods').where('period', '2026-09').firstOrFail()).status,
        'approved'
      )
      // every organisation has an invoice e-mail: each invoice is e-mailed (docs/adr/0025)
      await database.rawQuery(
        `UPDATE organisations SET invoice_email = lower(replace(code, '_', '-')) || '@tva.example'`
      )
      await controller.moveTo(a).get('/kostnadsfordelning/2026-09')
      const issued = await controller.submit('/kostnadsfordelning/2026-09/fakturera', {})
      assert.equal(issued.status, 302, issued.text)
      const invoice = await database.from('invoices').firstOrFail()
      const download = await fetch(`${b}/fakturor/${invoice.id}/pdf`, {
        headers: { cookie: controller.cookieHeader },
      })
      assert.equal(download.status, 200)
      const pdf = Buffer.from(await download.arrayBuffer())
      assert.equal(createHash('sha256').update(pdf).digest('hex'), invoice.pdf_sha256)

      // each invoice's e-mail goes out once, although both instances' workers take jobs
      const invoiceCount = Number((await database.from('invoices').count('* as n').first())!.n)
      await until(
        async () =>
          Number(
            (await database
              .from('document_deliveries')
              .where('status', 'sent')
              .count('* as n')
              .first())!.n
          ) === invoiceCount,
        'the invoice e-mails'
      )
      await new Promise((resolve) => setTimeout(resolve, 2000))
      const invoiceMails = sink.received.filter((mail) =>
        /filename="?\d{4}-\d+\.pdf/.test(mail.raw)
      )
      assert.lengthOf(invoiceMails, invoiceCount)
    } finally {
      for (const server of servers) server.child.kill('SIGTERM')
      await Promise.all(servers.map((server) => server.exited))
      await sink.close()
    }
  }).timeout(240_000)
})
