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
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import { storagePath } from '#services/storage'
import { databaseSettings } from '#services/database_settings'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { plain } from '#tests/helpers/pdf_text'

const APP_ROOT = new URL('../../../', import.meta.url).pathname
const callFixture = (name: string) => new URL(`../../fixtures/calls/${name}`, import.meta.url).pathname
const meetingFixture = (name: string) => new URL(`../../fixtures/meetings/${name}`, import.meta.url).pathname

/** Two organisations with extensions at the key date and a supplier invoice for the period. */
async function smallMonth(period = '2026-10') {
  const administration = await OrganisationFactory.merge({ code: 'KRASCH-A', name: 'Förvaltning Krasch' }).create()
  const company = await OrganisationFactory.merge({ code: 'KRASCH-B', name: 'Bolaget Krasch AB', kind: 'bolag' }).create()
  const extensions = (organisationId: number, count: number, offset: number) =>
    Array.from({ length: count }, (_, i) => ({ number: `08507${offset + i}`, organisation_id: organisationId, valid_from: '2025-01-01' }))
  await db.table('extensions').multiInsert([...extensions(administration.id, 3, 10000), ...extensions(company.id, 1, 20000)])
  await db.table('headcounts').insert({ organisation_id: administration.id, month: '2025-10', employees: 120 })
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
  if (!approval.ok) throw new Error(approval.error)
  return city
}

async function issuedMonth(period = '2026-10') {
  const city = await approvedMonth(period)
  const issued = await issueInvoices(period, null)
  if (!issued.ok) throw new Error(issued.error)
  return { city, invoices: issued.invoices }
}

/** Run an ace command in this process with --json: its exit code and the one JSON document it printed. */
async function aceJson(name: string, args: string[]) {
  const ace = (await import('@adonisjs/core/services/ace')).default
  ace.ui.switchMode('raw')
  try {
    const command = await ace.exec(name, [...args, '--json'])
    const logs = ace.ui.logger.getLogs()
    return { exitCode: command.exitCode, output: JSON.parse(logs[0].message), lines: logs.length }
  } finally {
    ace.ui.switchMode('normal')
  }
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

  test('a run that fails leaves no period behind: nothing to approve, nothing to invoice', async ({ assert }) => {
    // one administration with no extension at the key date: the switchboard pool has no basis
    await OrganisationFactory.merge({ code: 'KRASCH-TOM' }).create()
    const run = await runAllocation('2026-10', null)
    assert.isFalse(run.ok)
    assert.isNull(await db.from('periods').where('period', '2026-10').first())
    assert.lengthOf(await db.from('allocations').where('period', '2026-10'), 0)

    const approval = await setPeriodApproval('2026-10', true, null)
    assert.isFalse(approval.ok)
    assert.match((approval as { error: string }).error, /Perioden 2026-10 har ingen fördelning ännu/)
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
    await db.from('extensions').whereIn('organisation_id', [administration.id, company.id]).update({ valid_to: '2025-06-30' })
    const rerun = await runAllocation('2026-10', null)
    assert.isFalse(rerun.ok)
    const after = await db.from('periods').where('period', '2026-10').firstOrFail()
    assert.equal(after.calculation_id, before.calculation_id)
    assert.deepEqual(after.calculated_at, before.calculated_at)
    assert.lengthOf(await db.from('allocations').where('period', '2026-10').where('calculation_id', before.calculation_id), 3)
  })

  test('a draft without a complete allocation cannot be approved (Swedish refusal)', async ({ assert }) => {
    // what a failed run used to leave: a draft with no allocation at all
    await db.table('periods').insert({ period: '2026-09' })
    const approval = await setPeriodApproval('2026-09', true, null)
    assert.isFalse(approval.ok)
    assert.match((approval as { error: string }).error, /Fördelningen för 2026-09 är inte fullständig/)
    assert.equal((await db.from('periods').where('period', '2026-09').firstOrFail()).status, 'draft')
  })

  test('issuing an approved period with nothing to invoice is refused and leaves it open', async ({ assert }) => {
    // what approving that empty draft used to give
    await db.table('periods').insert({ period: '2026-08', status: 'approved' })
    const issued = await issueInvoices('2026-08', null)
    assert.isFalse(issued.ok)
    assert.match((issued as { error: string }).error, /Perioden 2026-08 har inget att fakturera/)
    const period = await db.from('periods').where('period', '2026-08').firstOrFail()
    assert.equal(period.status, 'approved')
    assert.lengthOf(await db.from('invoices').where('period', '2026-08'), 0)
    assert.isNull(await db.from('invoice_series').where('last_number', '>', 0).first())
  })
})

test.group('Crashes / approval is of the calculation that was shown (19)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('approving an earlier calculation is refused with the new figures; the current one is approved', async ({ assert }) => {
    const { administration } = await smallMonth()
    const shown = await runAllocation('2026-10', null)
    assert.isTrue(shown.ok)
    const shownId = (shown as { calculationId: number }).calculationId
    assert.isAbove(shownId, 0)
    // the coordinator imports a larger supplier invoice and re-runs
    await db.from('supplier_invoices').where('period', '2026-10').update({ net_ore: 12_345_67 })
    await db.table('extensions').insert({ number: '0850719999', organisation_id: administration.id, valid_from: '2025-01-01' })
    const rerun = await runAllocation('2026-10', null)
    const currentId = (rerun as { calculationId: number }).calculationId
    assert.notEqual(currentId, shownId)

    const refused = await setPeriodApproval('2026-10', true, null, shownId)
    assert.isFalse(refused.ok)
    const error = plain((refused as { error: string }).error)
    assert.match(error, /Fördelningen för 2026-10 har räknats om sedan du öppnade den/)
    assert.include(error, 'TELEFONIST 12 345,67 kr')
    assert.equal((await db.from('periods').where('period', '2026-10').firstOrFail()).status, 'draft')

    const approved = await setPeriodApproval('2026-10', true, null, currentId)
    assert.isTrue(approved.ok)
    const period = await db.from('periods').where('period', '2026-10').firstOrFail()
    assert.equal(period.status, 'approved')
    assert.equal(period.approved_calculation_id, currentId)
  })

  test('the approve form posts the calculation it shows; an old page is refused and the page shows the new figures', async ({ client, assert }) => {
    await smallMonth()
    await runAllocation('2026-10', null)
    const controller = await UserFactory.apply('controller').create()
    const page = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
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
    assert.equal((await db.from('periods').where('period', '2026-10').firstOrFail()).status, 'draft')
    const after = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    assert.include(plain(after.text()), '12 345,67 kr')

    const newId = /name="calculationId" value="(\d+)"/.exec(after.text())?.[1]
    assert.notEqual(newId, shownId)
    await client.post('/kostnadsfordelning/2026-10/godkann').loginAs(controller).withCsrfToken().form({ calculationId: newId }).redirects(0)
    assert.equal((await db.from('periods').where('period', '2026-10').firstOrFail()).status, 'approved')
  })

  test('an approval without a calculation id from the page is refused', async ({ client, assert }) => {
    await smallMonth()
    await runAllocation('2026-10', null)
    const controller = await UserFactory.apply('controller').create()
    await client.post('/kostnadsfordelning/2026-10/godkann').loginAs(controller).withCsrfToken().redirects(0)
    assert.equal((await db.from('periods').where('period', '2026-10').firstOrFail()).status, 'draft')
  })

  test('allocation:approve approves the current calculation and names it in its JSON', async ({ assert }) => {
    await smallMonth()
    const run = await runAllocation('2026-10', null)
    const { exitCode, output } = await aceJson('allocation:approve', ['2026-10'])
    assert.equal(exitCode, 0)
    assert.deepEqual(output, {
      period: '2026-10',
      status: 'approved',
      approvedBy: null,
      calculationId: (run as { calculationId: number }).calculationId,
    })
  })
})

test.group('Crashes / a PDF is never written where a committed invoice lives (17)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a run rolled back after rendering leaves the committed PDF of the same number byte-identical, and no file', async ({ assert }) => {
    const { invoices } = await issuedMonth('2026-10')
    const committed = new Map<string, Buffer>()
    for (const invoice of invoices) committed.set(invoice.pdf, await readFile(storagePath(invoice.pdf)))
    const filesBefore = await filesUnder('invoices')

    // A second run that takes the same numbers — what a process frozen while its numbers
    // were given back (its transaction cut off) does when it wakes up — and whose
    // transaction then fails after its PDFs were rendered.
    await db.rawQuery('ALTER TABLE invoices DROP CONSTRAINT invoices_number_key, DROP CONSTRAINT invoices_year_sequence_key')
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

  test('minutes whose database update fails leave no PDF; replaced minutes leave only the new one', async ({ client, assert }) => {
    const { publishMinutes } = await import('#actions/meetings/meetings')
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ title: 'Träff', date: '2027-02-10', startTime: '13:00', endTime: '15:00', place: 'Stadshuset', videoUrl: '', agenda: 'Punkter', period: '' })
      .redirects(0)
    const id = Number(response.header('location')?.split('/')[2])
    const upload = join(storagePath('test-uploads'), 'minnesanteckningar.pdf')
    await mkdir(storagePath('test-uploads'), { recursive: true })
    // ids start again after the schema is rebuilt: files of an earlier run are not this meeting's
    await rm(storagePath(`meetings/${id}`), { recursive: true, force: true })

    await copyFile(meetingFixture('minutes.pdf'), upload)
    assert.isTrue((await publishMinutes(id, { minutes: 'Första', pdfPath: upload }, coordinator.id)).ok)
    const first = await db.from('meetings').where('id', id).firstOrFail()
    assert.deepEqual(await filesUnder(`meetings/${id}`), [first.minutes_pdf_path.slice(`meetings/${id}/`.length)])

    await db.rawQuery(`
      CREATE FUNCTION krasch_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'databasen svarar inte'; END $$`)
    await db.rawQuery('CREATE TRIGGER krasch_minutes BEFORE UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION krasch_minutes()')
    await copyFile(meetingFixture('minutes.pdf'), upload)
    await assert.rejects(() => publishMinutes(id, { minutes: 'Andra', pdfPath: upload }, coordinator.id), /databasen svarar inte/)
    assert.lengthOf(await filesUnder(`meetings/${id}`), 1)

    await db.rawQuery('DROP TRIGGER krasch_minutes ON meetings')
    await copyFile(meetingFixture('minutes.pdf'), upload)
    assert.isTrue((await publishMinutes(id, { minutes: 'Tredje', pdfPath: upload }, coordinator.id)).ok)
    const replaced = await db.from('meetings').where('id', id).firstOrFail()
    assert.notEqual(replaced.minutes_pdf_path, first.minutes_pdf_path)
    assert.deepEqual(await filesUnder(`meetings/${id}`), [replaced.minutes_pdf_path.slice(`meetings/${id}/`.length)])
    await rm(storagePath('test-uploads'), { recursive: true, force: true })
  })
})

test.group('Crashes / errors a user can act on (20)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a damaged invoice PDF answers 409 in Swedish and is logged as an alert; a missing one 410', async ({ client, assert }) => {
    const { invoices } = await issuedMonth()
    const controller = await UserFactory.apply('controller').create()
    const [damaged, missing] = invoices
    const rows = await db.from('invoices').whereIn('number', [damaged.number, missing.number]).orderBy('number')
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
    const json = await client.get(`/fakturor/${rows[1].id}/pdf`).loginAs(controller).header('accept', 'application/json')
    json.assertStatus(410)
    json.assertBody({ errors: [{ message: 'Fakturans PDF är skadad eller saknas – kontakta samordnaren.' }] })
  })

  test('issuing onto storage that cannot be written says which path and what to do, and rolls back fully', async ({ assert }) => {
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
      const error = (issued as { error: string }).error
      assert.include(error, join(broken, 'invoices'))
      assert.match(error, /STORAGE_PATH/)
      assert.match(error, /Inga fakturor utfärdades/)
      assert.equal((await db.from('periods').where('period', '2026-10').firstOrFail()).status, 'approved')
      assert.lengthOf(await db.from('invoices'), 0)
      assert.isNull(await db.from('invoice_series').where('last_number', '>', 0).first())

      const { exitCode, output, lines } = await aceJson('invoices:issue', ['2026-10'])
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

  test('every period command refuses with FORMATS.md\'s error JSON: status error, errors with a message', async ({ assert }) => {
    await OrganisationFactory.merge({ code: 'KRASCH-TOM' }).create()
    for (const [name, args, message] of [
      ['allocation:run', ['2026-10'], /fördelningsnyckeln per 2025-10-31 är noll/],
      ['allocation:approve', ['2026-10'], /har ingen fördelning ännu/],
      ['invoices:issue', ['2026-10'], /har ingen fördelning ännu/],
    ] as const) {
      const { exitCode, output } = await aceJson(name, [...args])
      assert.equal(exitCode, 1, name)
      assert.equal(output.status, 'error', name)
      assert.isObject(output.errors[0], name)
      assert.match(output.errors[0].message, message, name)
    }
  })
})
