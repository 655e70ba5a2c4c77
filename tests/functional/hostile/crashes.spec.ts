/**
 * Issue 11, "Crashes and half-done work": what a failing machine may not leave wrong.
 *
 * - a job whose process dies (SIGKILL) or is stopped (SIGTERM) is taken back within its
 *   lease and run again, never left "running" with a dead owner (16, 21);
 * - an invoice PDF is never written where a committed invoice's file lives, and a run
 *   that rolls back leaves no file behind (17);
 * - a failed allocation run stores nothing; approval needs a complete allocation, and of
 *   the calculation the controller was shown; issuing refuses an empty one (18, 19);
 * - a damaged or missing PDF, full or unwritable storage and a crashing `--json` command
 *   each say what happened and what to do (20).
 *
 * Tests that need real commits (child processes) clean up after themselves.
 */
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { access, copyFile, mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import { LocalStorage, storagePath, storageRoot, useStorage } from '#services/storage'
import { databaseSettings } from '#services/database_settings'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { plain } from '#tests/helpers/pdf_text'
import { aceJson } from '#tests/helpers/control_loop_city'
import { jobConnectionName, runNextJob, sweepJobs } from '#services/job_queue'
import { queueCallImport } from '#actions/calls/queue_call_import'
import { removeOrphanDocuments } from '#actions/storage/remove_orphan_files'
import User from '#models/user'
import Import from '#models/import'
import { inDefaultLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

const APP_ROOT = new URL('../../../', import.meta.url).pathname
const callFixture = (name: string) =>
  new URL(`../../fixtures/calls/${name}`, import.meta.url).pathname
const meetingFixture = (name: string) =>
  new URL(`../../fixtures/meetings/${name}`, import.meta.url).pathname

/** Two organisations with extensions at the key date and a supplier invoice for the period. */
async function smallMonth(period = '2026-10') {
  const administration = await OrganisationFactory.merge({
    code: 'KRASCH-A',
    name: 'Förvaltning Krasch',
  }).create()
  const company = await OrganisationFactory.merge({
    code: 'KRASCH-B',
    name: 'Bolaget Krasch AB',
    kind: 'bolag',
  }).create()
  const extensions = (organisationId: number, amount: number, offset: number) =>
    Array.from({ length: amount }, (_, i) => ({
      number: `08507${offset + i}`,
      organisation_id: organisationId,
      valid_from: '2025-01-01',
    }))
  await db
    .table('extensions')
    .multiInsert([...extensions(administration.id, 3, 10000), ...extensions(company.id, 1, 20000)])
  await db
    .table('headcounts')
    .insert({ organisation_id: administration.id, month: '2025-10', employees: 120 })
  await supplierInvoice(period, 10_000_00)
  return { administration, company }
}

async function supplierInvoice(period: string, netOre: number) {
  await db.table('supplier_invoices').insert({
    invoice_number: `LF-${period}`,
    invoice_date: `${period}-28`,
    period,
    net_ore: netOre,
    content_hash: `krasch-${period}`,
  })
}

/** Every file under a folder of the storage, relative to it (none when it does not exist). */
async function filesUnder(folder: string): Promise<string[]> {
  const root = storagePath(folder)
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort()
}

async function approvedMonth(period = '2026-10') {
  const city = await smallMonth(period)
  const run = await runAllocation(period, null)
  if (!run.ok) throw new Error(run.errors.join(' '))
  const approval = await setPeriodApproval(period, true, null)
  if (!approval.ok) throw new Error(inDefaultLanguage(approval.error))
  return city
}

async function issuedMonth(period = '2026-10') {
  const city = await approvedMonth(period)
  const issued = await issueInvoices(period, null)
  if (!issued.ok) throw new Error(inDefaultLanguage(issued.error))
  return { city, invoices: issued.invoices }
}

/** Everything the app logger writes at error level while `work` runs. */
async function errorLogsDuring(work: () => Promise<void>) {
  const seen: unknown[][] = []
  const target = logger as unknown as { error: (...args: unknown[]) => void }
  const original = target.error
  target.error = (...args: unknown[]) => {
    seen.push(args)
  }
  try {
    await work()
  } finally {
    target.error = original
  }
  return seen.map((args) => JSON.stringify(args))
}

test.group('Crashes / a failed allocation run stores nothing (18)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a run that fails leaves no period behind: nothing to approve, nothing to invoice', async ({
    assert,
  }) => {
    // one administration with no extension at the key date: the switchboard pool has no basis
    await OrganisationFactory.merge({ code: 'KRASCH-TOM' }).create()
    const run = await runAllocation('2026-10', null)
    assert.isFalse(run.ok)
    assert.isNull(await db.from('periods').where('period', '2026-10').first())
    assert.lengthOf(await db.from('allocations').where('period', '2026-10'), 0)

    const approval = await setPeriodApproval('2026-10', true, null)
    assert.isFalse(approval.ok)
    assert.match(
      inDefaultLanguage((approval as { error: StoredMessage }).error),
      /Perioden 2026-10 har ingen fördelning ännu/
    )
    const issued = await issueInvoices('2026-10', null)
    assert.isFalse(issued.ok)
    assert.isNull(await db.from('periods').where('period', '2026-10').first())
  })

  test('a failed re-run keeps the previous calculation as it was', async ({ assert }) => {
    const { administration, company } = await smallMonth()
    const first = await runAllocation('2026-10', null)
    assert.isTrue(first.ok)
    const before = await db.from('periods').where('period', '2026-10').firstOrFail()
    // every extension ends before the key date: the re-run has no basis and fails
    await db
      .from('extensions')
      .whereIn('organisation_id', [administration.id, company.id])
      .update({ valid_to: '2025-06-30' })
    const rerun = await runAllocation('2026-10', null)
    assert.isFalse(rerun.ok)
    const after = await db.from('periods').where('period', '2026-10').firstOrFail()
    assert.equal(after.calculation_id, before.calculation_id)
    assert.deepEqual(after.calculated_at, before.calculated_at)
    assert.lengthOf(
      await db
        .from('allocations')
        .where('period', '2026-10')
        .where('calculation_id', before.calculation_id),
      3
    )
  })

  test('a draft without a complete allocation cannot be approved (Swedish refusal)', async ({
    client,
    assert,
  }) => {
    // what a failed run used to leave: a draft with no allocation at all
    await db.table('periods').insert({ period: '2026-09' })
    const approval = await setPeriodApproval('2026-09', true, null)
    assert.isFalse(approval.ok)
    assert.match(
      inDefaultLanguage((approval as { error: StoredMessage }).error),
      /Fördelningen för 2026-09 är inte fullständig/
    )
    assert.equal(
      (await db.from('periods').where('period', '2026-09').firstOrFail()).status,
      'draft'
    )
    // its page offers no approval, and says why
    const controller = await UserFactory.apply('controller').create()
    const page = await client.get('/kostnadsfordelning/2026-09').loginAs(controller)
    page.assertTextIncludes('Det finns ingen fullständig beräkning att godkänna')
    assert.notInclude(page.text(), 'Godkänn fördelningen')
  })

  test('issuing an approved period with nothing to invoice is refused and leaves it open', async ({
    assert,
  }) => {
    // what approving that empty draft used to give
    await db.table('periods').insert({ period: '2026-08', status: 'approved' })
    const issued = await issueInvoices('2026-08', null)
    assert.isFalse(issued.ok)
    assert.match(
      inDefaultLanguage((issued as { error: StoredMessage }).error),
      /Perioden 2026-08 har inget att fakturera/
    )
    const period = await db.from('periods').where('period', '2026-08').firstOrFail()
    assert.equal(period.status, 'approved')
    assert.lengthOf(await db.from('invoices').where('period', '2026-08'), 0)
    assert.isNull(await db.from('invoice_series').where('last_number', '>', 0).first())
  })
})

test.group('Crashes / approval is of the calculation that was shown (19)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('approving an earlier calculation is refused with the new figures; the current one is approved', async ({
    assert,
  }) => {
    const { administration } = await smallMonth()
    const shown = await runAllocation('2026-10', null)
    assert.isTrue(shown.ok)
    const shownId = (shown as { calculationId: number }).calculationId
    assert.isAbove(shownId, 0)
    // the coordinator imports a larger supplier invoice and re-runs
    await db.from('supplier_invoices').where('period', '2026-10').update({ net_ore: 12_345_67 })
    await db.table('extensions').insert({
      number: '0850719999',
      organisation_id: administration.id,
      valid_from: '2025-01-01',
    })
    const rerun = await runAllocation('2026-10', null)
    const currentId = (rerun as { calculationId: number }).calculationId
    assert.notEqual(currentId, shownId)

    const refused = await setPeriodApproval('2026-10', true, null, shownId)
    assert.isFalse(refused.ok)
    const error = plain(inDefaultLanguage((refused as { error: StoredMessage }).error))
    assert.match(error, /Fördelningen för 2026-10 har räknats om sedan du öppnade den/)
    assert.include(error, 'TELEFONIST 12 345,67 kr')
    assert.equal(
      (await db.from('periods').where('period', '2026-10').firstOrFail()).status,
      'draft'
    )

    const approved = await setPeriodApproval('2026-10', true, null, currentId)
    assert.isTrue(approved.ok)
    const period = await db.from('periods').where('period', '2026-10').firstOrFail()
    assert.equal(period.status, 'approved')
    assert.equal(period.approved_calculation_id, currentId)
  })

  test('the approve form posts the calculation it shows; an old page is refused and the page shows the new figures', async ({
    client,
    assert,
  }) => {
    await smallMonth()
    // the e-service pool has its cost, so the allocation has no warning to read first
    const etjanst = await db.from('cost_pools').where('code', 'ETJANST').firstOrFail()
    await db.table('cost_entries').insert({
      period: '2026-10',
      cost_pool_id: etjanst.id,
      amount_ore: 1_000_00,
      text: 'Licens',
      line_number: 1,
    })
    await runAllocation('2026-10', null)
    const controller = await UserFactory.apply('controller').create()
    // the confirmation page's approve form (docs/adr/0024)
    const page = await client.get('/kostnadsfordelning/2026-10/godkann').loginAs(controller)
    const shownId = /name="calculationId" value="(\d+)"/.exec(page.text())?.[1]
    assert.exists(shownId, 'the approve form carries the calculation id')

    await db.from('supplier_invoices').where('period', '2026-10').update({ net_ore: 12_345_67 })
    await runAllocation('2026-10', null)
    const refused = await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .loginAs(controller)
      .withCsrfToken()
      .form({ calculationId: shownId })
      .redirects(0)
    assert.equal(refused.header('location'), '/kostnadsfordelning/2026-10')
    const flash = plain((refused.flashMessages() as { error: string }).error)
    assert.match(flash, /^Fördelningen för 2026-10 har räknats om sedan du öppnade den/)
    assert.include(flash, 'TELEFONIST 12 345,67 kr')
    assert.equal(
      (await db.from('periods').where('period', '2026-10').firstOrFail()).status,
      'draft'
    )
    const after = await client.get('/kostnadsfordelning/2026-10/godkann').loginAs(controller)
    assert.include(plain(after.text()), '12 345,67 kr')

    const newId = /name="calculationId" value="(\d+)"/.exec(after.text())?.[1]
    assert.notEqual(newId, shownId)
    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .loginAs(controller)
      .withCsrfToken()
      .form({ calculationId: newId })
      .redirects(0)
    assert.equal(
      (await db.from('periods').where('period', '2026-10').firstOrFail()).status,
      'approved'
    )
  })

  test('an approval without a calculation id from the page is refused', async ({
    client,
    assert,
  }) => {
    await smallMonth()
    await runAllocation('2026-10', null)
    const controller = await UserFactory.apply('controller').create()
    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      (await db.from('periods').where('period', '2026-10').firstOrFail()).status,
      'draft'
    )
  })

  test('allocation:approve approves the current calculation and names it in its JSON', async ({
    assert,
  }) => {
    await smallMonth()
    const run = await runAllocation('2026-10', null)
    const controller = await UserFactory.apply('controller').create()
    const { exitCode, output } = await aceJson('allocation:approve', [
      '2026-10',
      `--as=${controller.email}`,
    ])
    assert.equal(exitCode, 0)
    assert.deepEqual(output, {
      period: '2026-10',
      status: 'approved',
      approvedBy: controller.email,
      calculationId: (run as { calculationId: number }).calculationId,
    })
  })
})

test.group('Crashes / a PDF is never written where a committed invoice lives (17)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a run rolled back after rendering leaves the committed PDF of the same number byte-identical, and no file', async ({
    assert,
  }) => {
    const { invoices } = await issuedMonth('2026-10')
    const committed = new Map<string, Buffer>()
    for (const invoice of invoices)
      committed.set(invoice.pdf, await readFile(storagePath(invoice.pdf)))
    const filesBefore = await filesUnder('invoices')

    // A second run that takes the same numbers — what a process frozen while its numbers
    // were given back (its transaction cut off) does when it wakes up — and whose
    // transaction then fails after its PDFs were rendered.
    await db.rawQuery(
      'ALTER TABLE invoices DROP CONSTRAINT invoices_number_key, DROP CONSTRAINT invoices_year_sequence_key'
    )
    await db.rawQuery('UPDATE invoice_series SET last_number = 0')
    await supplierInvoice('2026-11', 20_000_00)
    assert.isTrue((await runAllocation('2026-11', null)).ok)
    assert.isTrue((await setPeriodApproval('2026-11', true, null)).ok)
    await db.rawQuery(`
      CREATE FUNCTION krasch_cut_off() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'anslutningen bröts'; END $$`)
    await db.rawQuery(`
      CREATE TRIGGER krasch_cut_off BEFORE UPDATE ON periods FOR EACH ROW
      WHEN (NEW.status = 'invoiced' AND NEW.period = '2026-11') EXECUTE FUNCTION krasch_cut_off()`)
    await assert.rejects(() => issueInvoices('2026-11', null), /anslutningen bröts/)

    for (const [path, bytes] of committed) {
      assert.isTrue((await readFile(storagePath(path))).equals(bytes), `${path} is unchanged`)
    }
    assert.deepEqual(await filesUnder('invoices'), filesBefore)
  })

  test('minutes whose database update fails leave no PDF; replaced minutes leave only the new one', async ({
    client,
    assert,
  }) => {
    const { publishMinutes } = await import('#actions/meetings/meetings')
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        title: 'Träff',
        date: '2027-02-10',
        startTime: '13:00',
        endTime: '15:00',
        place: 'Stadshuset',
        videoUrl: '',
        agenda: 'Punkter',
        period: '',
      })
      .redirects(0)
    const id = Number(response.header('location')?.split('/')[2])
    const upload = join(storagePath('test-uploads'), 'minnesanteckningar.pdf')
    await mkdir(storagePath('test-uploads'), { recursive: true })
    // ids start again after the schema is rebuilt: files of an earlier run are not this meeting's
    await rm(storagePath(`meetings/${id}`), { recursive: true, force: true })

    await copyFile(meetingFixture('minutes.pdf'), upload)
    assert.isTrue(
      (await publishMinutes(id, { minutes: 'Första', pdfPath: upload }, coordinator.id)).ok
    )
    const first = await db.from('meetings').where('id', id).firstOrFail()
    assert.deepEqual(await filesUnder(`meetings/${id}`), [
      first.minutes_pdf_path.slice(`meetings/${id}/`.length),
    ])

    await db.rawQuery(`
      CREATE FUNCTION krasch_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'databasen svarar inte'; END $$`)
    await db.rawQuery(
      'CREATE TRIGGER krasch_minutes BEFORE UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION krasch_minutes()'
    )
    await copyFile(meetingFixture('minutes.pdf'), upload)
    await assert.rejects(
      () => publishMinutes(id, { minutes: 'Andra', pdfPath: upload }, coordinator.id),
      /databasen svarar inte/
    )
    assert.lengthOf(await filesUnder(`meetings/${id}`), 1)

    await db.rawQuery('DROP TRIGGER krasch_minutes ON meetings')
    await copyFile(meetingFixture('minutes.pdf'), upload)
    assert.isTrue(
      (await publishMinutes(id, { minutes: 'Tredje', pdfPath: upload }, coordinator.id)).ok
    )
    const replaced = await db.from('meetings').where('id', id).firstOrFail()
    assert.notEqual(replaced.minutes_pdf_path, first.minutes_pdf_path)
    assert.deepEqual(await filesUnder(`meetings/${id}`), [
      replaced.minutes_pdf_path.slice(`meetings/${id}/`.length),
    ])
    await rm(storagePath('test-uploads'), { recursive: true, force: true })
  })
})

test.group('Crashes / errors a user can act on (20)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a damaged invoice PDF answers 409 in Swedish and is logged as an alert; a missing one 410', async ({
    client,
    assert,
  }) => {
    const { invoices } = await issuedMonth()
    const controller = await UserFactory.apply('controller').create()
    const [damaged, missing] = invoices
    const rows = await db
      .from('invoices')
      .whereIn('number', [damaged.number, missing.number])
      .orderBy('number')
    await writeFile(storagePath(damaged.pdf), 'inte längre en PDF')
    await rm(storagePath(missing.pdf))

    let response: Awaited<ReturnType<typeof client.get>> | undefined
    const alerts = await errorLogsDuring(async () => {
      response = await client.get(`/fakturor/${rows[0].id}/pdf`).loginAs(controller)
    })
    response!.assertStatus(409)
    response!.assertTextIncludes('Fakturans PDF är skadad eller saknas – kontakta samordnaren')
    assert.notInclude(response!.text(), 'Försök igen')
    assert.lengthOf(alerts, 1)
    assert.include(alerts[0], damaged.number)
    assert.include(alerts[0], 'kontrollsumma')

    const gone = await client.get(`/fakturor/${rows[1].id}/pdf`).loginAs(controller)
    gone.assertStatus(410)
    gone.assertTextIncludes('Fakturans PDF är skadad eller saknas – kontakta samordnaren')
    const json = await client
      .get(`/fakturor/${rows[1].id}/pdf`)
      .loginAs(controller)
      .header('accept', 'application/json')
    json.assertStatus(410)
    json.assertBody({
      errors: [{ message: 'Fakturans PDF är skadad eller saknas – kontakta samordnaren.' }],
    })
  })

  test('issuing onto storage that cannot be written says which path and what to do, and rolls back fully', async ({
    assert,
  }) => {
    await approvedMonth()
    const previous = process.env.STORAGE_PATH
    const broken = join(APP_ROOT, 'tmp', 'test-storage-broken')
    await rm(broken, { recursive: true, force: true })
    await mkdir(broken, { recursive: true })
    // a file where the invoices folder should be: what a read-only or full disk also gives, as root too
    await writeFile(join(broken, 'invoices'), '')
    process.env.STORAGE_PATH = broken
    try {
      const issued = await issueInvoices('2026-10', null)
      assert.isFalse(issued.ok)
      const error = inDefaultLanguage((issued as { error: StoredMessage }).error)
      assert.include(error, join(broken, 'invoices'))
      assert.match(error, /STORAGE_PATH/)
      assert.match(error, /Inga fakturor utfärdades/)
      assert.equal(
        (await db.from('periods').where('period', '2026-10').firstOrFail()).status,
        'approved'
      )
      assert.lengthOf(await db.from('invoices'), 0)
      assert.isNull(await db.from('invoice_series').where('last_number', '>', 0).first())

      const controller = await UserFactory.apply('controller').create()
      const { exitCode, output, lines } = await aceJson('invoices:issue', [
        '2026-10',
        `--as=${controller.email}`,
      ])
      assert.equal(exitCode, 1)
      assert.equal(lines, 1)
      assert.equal(output.status, 'error')
      assert.include(output.errors[0].message, join(broken, 'invoices'))
    } finally {
      process.env.STORAGE_PATH = previous
      await rm(broken, { recursive: true, force: true })
    }
    // with the storage back, the same period issues normally
    assert.isTrue((await issueInvoices('2026-10', null)).ok)
  })

  test('a disk that fills up at the second PDF of a month leaves none of the first: the written files are removed, nothing is issued', async ({
    assert,
  }) => {
    await approvedMonth()
    const filesBefore = await filesUnder('invoices')
    // the month's PDFs are written while the next ones render (issue 18): the first reaches
    // the disk, the second finds it full
    class FillingDisk extends LocalStorage {
      writes = 0
      override async createNew(path: string, content: Buffer, options?: { folderLater?: boolean }) {
        this.writes++
        if (this.writes === 2)
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC', path })
        await super.createNew(path, content, options)
      }
    }
    const disk = new FillingDisk(storageRoot())
    const restore = useStorage(disk)
    try {
      const issued = await issueInvoices('2026-10', null)
      assert.isFalse(issued.ok)
      assert.match(inDefaultLanguage((issued as { error: StoredMessage }).error), /Disken är full/)
    } finally {
      restore()
    }
    assert.equal(disk.writes, 2)
    assert.deepEqual(await filesUnder('invoices'), filesBefore)
    assert.lengthOf(await db.from('invoices'), 0)
    assert.isNull(await db.from('invoice_series').where('last_number', '>', 0).first())
    assert.equal(
      (await db.from('periods').where('period', '2026-10').firstOrFail()).status,
      'approved'
    )
  })

  test("every period command refuses with FORMATS.md's error JSON: status error, errors with a message", async ({
    assert,
  }) => {
    await OrganisationFactory.merge({ code: 'KRASCH-TOM' }).create()
    const controller = await UserFactory.apply('controller').create()
    const as = `--as=${controller.email}`
    for (const [name, args, message] of [
      ['allocation:run', ['2026-10', as], /fördelningsnyckeln per 2025-10-31 är noll/],
      ['allocation:approve', ['2026-10', as], /har ingen fördelning ännu/],
      ['invoices:issue', ['2026-10', as], /har ingen fördelning ännu/],
    ] as const) {
      const { exitCode, output } = await aceJson(name, [...args])
      assert.equal(exitCode, 1, name)
      assert.equal(output.status, 'error', name)
      assert.isObject(output.errors[0], name)
      assert.match(output.errors[0].message, message, name)
    }
  })
})

test.group('Crashes / orphan files (17)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a PDF no invoice points at is removed once no open transaction could commit it; others stay', async ({
    assert,
  }) => {
    const { invoices } = await issuedMonth()
    const folder = invoices[0].pdf.split('/').slice(0, 2).join('/')
    const dayAgo = new Date(Date.now() - 24 * 3600_000)
    // what a process killed while issuing leaves: a file, and no row
    const stray = `${folder}/${invoices[0].pdf.split('/')[2].split('.')[0]}.0123456789ab.pdf`
    const fresh = `${folder}/2099-00001.0123456789ab.pdf`
    await writeFile(storagePath(stray), 'avbruten')
    await writeFile(storagePath(fresh), 'pågår kanske')
    await utimes(storagePath(stray), dayAgo, dayAgo)
    await utimes(storagePath(invoices[0].pdf), dayAgo, dayAgo)

    const removed = await removeOrphanDocuments()
    assert.include(removed, stray)
    assert.notInclude(removed, invoices[0].pdf)
    await assert.rejects(() => access(storagePath(stray)))
    await access(storagePath(invoices[0].pdf))
    // a file younger than the margin may belong to a transaction that has not committed yet
    await access(storagePath(fresh))
    await rm(storagePath(fresh))
  })
})

/** A port nobody listens on now. */
async function freePort() {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** A child process of the app, with its output kept for the failure message. */
function child(args: string[], env: Record<string, string>) {
  const childProcess = spawn(process.execPath, args, {
    cwd: APP_ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  childProcess.stdout!.on('data', (chunk) => (stdout += chunk))
  childProcess.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) =>
    childProcess.on('exit', (code) => resolve(code))
  )
  return { process: childProcess, exited, stdout: () => stdout, stderr: () => stderr }
}

/** The web server (bin/server.ts, with its job worker) on a port of its own. */
async function webServer(env: Record<string, string>) {
  const port = await freePort()
  const server = child(['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    HOST: '127.0.0.1',
    PORT: String(port),
    ...env,
  })
  await waitFor(
    'the web server to answer',
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/logga-in`).catch(() => null)
      return response?.status === 200
    },
    60_000,
    () => server.stderr()
  )
  return { ...server, url: `http://127.0.0.1:${port}` }
}

async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  output?: () => string
) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`waited ${timeoutMs} ms for ${what}${output ? `\n${output()}` : ''}`)
}

/** A connection of the test's own that holds PostgreSQL locks (the imports wait on them). */
async function lockHolder() {
  const client = new pg.Client(databaseSettings().connection)
  await client.connect()
  return client
}

/** Call imports add to the aggregates under this advisory lock (import_calls.ts): holding it makes one wait. */
const AGGREGATES_LOCK = 4_711_001

/** True while a connection named for the job waits for the aggregates lock. */
async function importWaiting(name: string) {
  const { rows } = await db.rawQuery(
    `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name LIKE ?`,
    [name]
  )
  return rows.length > 0
}

async function count(table: string) {
  const [{ total }] = await db.from(table).count('* as total')
  return Number(total)
}

/** A web upload of the six-call fixture, queued as its job. */
function queueValidFile(user: User) {
  return queueCallImport({
    tmpPath: callFixture('valid.csv'),
    fileName: 'valid.csv',
    userId: user.id,
    partial: false,
  })
}

async function cleanUpCalls() {
  await db.rawQuery(
    'TRUNCATE call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows CASCADE'
  )
  await db.from('jobs').delete()
  await db.from('imports').where('type', 'calls').delete()
  await deleteAuditEntries((q) => q.where('entity_type', 'import'))
  await db.from('users').where('email', 'like', 'krasch%').delete()
}

test.group('Crashes / jobs of a process that dies or stops (16, 21)', (group) => {
  let user: User
  group.each.setup(async () => {
    await cleanUpCalls()
    user = await User.create({
      email: 'krasch@stad.example',
      fullName: 'Krasch Test',
      password: 'rätt-lösenord-123',
      role: 'samordnare',
      isActive: true,
      mustChangePassword: false,
    })
    return cleanUpCalls
  })

  test('a job held by a server killed with SIGKILL is taken back within its lease and runs elsewhere; its file is then removed', async ({
    assert,
  }) => {
    const locks = await lockHolder()
    await locks.query('SELECT pg_advisory_lock($1)', [AGGREGATES_LOCK])
    // a 2 s lease; its own sweep would come only after 10 minutes: the test's sweep takes the job
    const server = await webServer({
      JOB_LEASE_SECONDS: '2',
      JOB_HEARTBEAT_SECONDS: '0.5',
      JOB_POLL_SECONDS: '0.1',
      JOB_SWEEP_SECONDS: '600',
    })
    try {
      const record = await queueValidFile(user)
      const job = await db
        .from('jobs')
        .whereRaw(`(payload->>'importId')::bigint = ?`, [record.id])
        .firstOrFail()
      const waiting = () => importWaiting(jobConnectionName(job.id))
      await waitFor(
        'the server to take the job and wait in its import',
        waiting,
        20_000,
        server.stderr
      )
      const held = await db.from('jobs').where('id', job.id).firstOrFail()
      assert.equal(held.status, 'running')
      assert.isTrue(held.locked_by.endsWith(`:${server.process.pid}`))

      server.process.kill('SIGKILL')
      await server.exited
      const killedAt = Date.now()
      // any running instance's sweep takes it back once its lease has lapsed
      const takenBack = async () => (await sweepJobs()).find((swept) => swept.id === Number(job.id))
      const swept = await waitFor('the sweep to take the job back', takenBack)
      assert.equal(swept.status, 'queued')
      assert.isBelow(Date.now() - killedAt, 2000 + 2000)
      // and the dead owner's connection, still waiting in its transaction, is ended
      assert.isFalse(await importWaiting(jobConnectionName(job.id)))
      assert.equal((await Import.findOrFail(record.id)).status, 'running')

      await locks.query('SELECT pg_advisory_unlock($1)', [AGGREGATES_LOCK])
      assert.isTrue(await runNextJob())
      const imported = await Import.findOrFail(record.id)
      assert.equal(imported.status, 'imported')
      assert.equal(imported.storedCount, 6)
      assert.equal(await count('call_records'), 6)
      const done = await db.from('jobs').where('id', job.id).firstOrFail()
      assert.deepInclude(done, { status: 'done', attempts: 2 })
      assert.isNull(imported.storedFile)
      await assert.rejects(() => access(storagePath(record.storedFile!)))
    } finally {
      server.process.kill('SIGKILL')
      await locks.end()
    }
  }).timeout(90_000)

  test('a job that has had its attempts is failed by the sweep: its import says so and its file is removed', async ({
    assert,
  }) => {
    const record = await queueValidFile(user)
    await access(storagePath(record.storedFile!))
    // its second worker died too: the lease lapsed a moment ago
    await db.from('jobs').update({
      status: 'running',
      attempts: 2,
      locked_by: 'en-annan-server:4711',
      lease_token: '00000000-0000-4000-8000-000000000000',
      lease_until: db.raw(`now() - interval '1 second'`),
    })
    const swept = await sweepJobs()
    assert.deepEqual(
      swept.map((job) => job.status),
      ['failed']
    )
    const failed = await Import.findOrFail(record.id)
    assert.equal(failed.status, 'failed')
    assert.match(
      failed.errors[0].message,
      /Importen avbröts innan den blev klar; ingenting sparades\. Läs in filen igen\./
    )
    assert.isNull(failed.storedFile)
    await assert.rejects(() => access(storagePath(record.storedFile!)))
  })

  test('a command-line import killed with SIGKILL leaves no import "running" once a sweep has run', async ({
    assert,
  }) => {
    const locks = await lockHolder()
    await locks.query('SELECT pg_advisory_lock($1)', [AGGREGATES_LOCK])
    // the heap flags make ace.js run the import in this very process (no re-run wrapper)
    const command = child(
      ['--max-semi-space-size=16', 'ace.js', 'import:calls', callFixture('valid.csv')],
      {
        JOB_LEASE_SECONDS: '2',
        JOB_HEARTBEAT_SECONDS: '0.5',
      }
    )
    try {
      await waitFor(
        'the import to wait for the aggregates lock',
        () => importWaiting('vaxelnavet-job-%'),
        30_000,
        command.stderr
      )
      const running = await Import.query().where('type', 'calls').firstOrFail()
      assert.equal(running.status, 'running')
      command.process.kill('SIGKILL')
      await command.exited
      await waitFor(
        'the sweep to fail the import',
        async () => (await sweepJobs()).length > 0,
        10_000
      )
      const failed = await Import.findOrFail(running.id)
      assert.equal(failed.status, 'failed')
      assert.match(failed.errors[0].message, /Importen avbröts innan den blev klar/)
      assert.isFalse(await importWaiting('vaxelnavet-job-%'))
      assert.equal(await count('call_records'), 0)
    } finally {
      command.process.kill('SIGKILL')
      await locks.end()
    }
  }).timeout(60_000)

  test('SIGTERM lets an open request finish, gives the job that outlasts the drain back to the queue, and ends', async ({
    assert,
  }) => {
    const locks = await lockHolder()
    await locks.query('SELECT pg_advisory_lock($1)', [AGGREGATES_LOCK])
    const server = await webServer({ SHUTDOWN_TIMEOUT_SECONDS: '1.5', JOB_POLL_SECONDS: '0.1' })
    const tokens = await lockHolder()
    try {
      const record = await queueValidFile(user)
      const job = await db
        .from('jobs')
        .whereRaw(`(payload->>'importId')::bigint = ?`, [record.id])
        .firstOrFail()
      const waiting = () => importWaiting(jobConnectionName(job.id))
      await waitFor(
        'the server to take the job and wait in its import',
        waiting,
        20_000,
        server.stderr
      )

      // a request in flight: its access-token lookup waits for a lock this test holds
      await tokens.query('BEGIN')
      await tokens.query('LOCK TABLE auth_access_tokens IN ACCESS EXCLUSIVE MODE')
      const token = `vxn_${Buffer.from('999999').toString('base64url')}.${Buffer.from('hemlig').toString('base64url')}`
      const request = fetch(`${server.url}/api/v1/periods`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      })
      await waitFor('the request to wait for the token table', async () => {
        const { rows } = await db.rawQuery(
          `SELECT 1 FROM pg_locks WHERE relation = 'auth_access_tokens'::regclass AND NOT granted`
        )
        return rows.length > 0
      })

      const stoppedAt = Date.now()
      server.process.kill('SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 300))
      await tokens.query('ROLLBACK')
      const response = await request
      assert.equal(response.status, 401)

      await waitFor(
        'the server to end',
        async () => server.process.exitCode !== null,
        15_000,
        server.stderr
      )
      // it waited for the job as long as it was allowed to, and not much longer
      assert.isAtLeast(Date.now() - stoppedAt, 1400)
      assert.isBelow(Date.now() - stoppedAt, 1500 + 6000)
      const released = await db.from('jobs').where('id', job.id).firstOrFail()
      assert.deepInclude(released, { status: 'queued', attempts: 0, locked_by: null })
      assert.isFalse(await importWaiting(jobConnectionName(job.id)))

      await locks.query('SELECT pg_advisory_unlock($1)', [AGGREGATES_LOCK])
      assert.isTrue(await runNextJob())
      assert.equal((await Import.findOrFail(record.id)).status, 'imported')
      assert.equal(await count('call_records'), 6)
    } finally {
      server.process.kill('SIGKILL')
      await tokens.end()
      await locks.end()
    }
  }).timeout(90_000)
})

test.group('Crashes / a --json command never prints a stack trace on stdout (20)', () => {
  test("a command that crashes (database unreachable) or is called wrongly prints FORMATS.md's error JSON and exits 1", async ({
    assert,
  }) => {
    const port = await freePort()
    const runs = [
      child(['--max-semi-space-size=16', 'ace.js', 'quality:report', '2026-10', '--json'], {
        DATABASE_URL: `postgres://ingen:ingen@127.0.0.1:${port}/ingen`,
      }),
      child(['--max-semi-space-size=16', 'ace.js', 'allocation:run', '--json'], {}),
    ]
    for (const run of runs) {
      assert.equal(await run.exited, 1, run.stderr())
      const lines = run.stdout().trim().split('\n')
      assert.lengthOf(lines, 1, run.stdout())
      const output = JSON.parse(lines[0])
      assert.equal(output.status, 'error')
      assert.isString(output.errors[0].message)
      assert.notMatch(run.stdout(), /\s+at\s/)
    }
    assert.match(JSON.parse(runs[0].stdout()).errors[0].message, /ECONNREFUSED|ansluta/)
  }).timeout(60_000)
})
