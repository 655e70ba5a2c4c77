import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import {
  appendFile,
  copyFile,
  mkdtemp,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pollDropFolder, type DropFolderState } from '#actions/imports/process_drop_folder'
import { sendImportReminders } from '#actions/imports/send_import_reminders'
import User from '#models/user'
import { clock } from '#services/clock'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

const HEADCOUNT = 'Organisation;Månad;Antal anställda\nSDF-BROMMA;2025-10;1250\nUTBF;2025-10;830\n'
const INVOICE =
  'Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp\n' +
  'LF-2026-9001;2026-11-05;2026-10;FAST;Fast månadsavgift;1;st;260 000,00;260 000,00\n'

/** Two polls: the first sees the files, the second takes those that did not change. */
async function twoPolls(folder: string, state: DropFolderState = new Map()) {
  await pollDropFolder(folder, state)
  return pollDropFolder(folder, state)
}

async function filesIn(folder: string) {
  return (await readdir(folder)).sort()
}

async function headcountRows() {
  return db
    .from('headcounts')
    .count('* as total')
    .first()
    .then((row) => Number(row.total))
}

async function notificationsOf(userId: number) {
  return db
    .from('notifications')
    .where('user_id', userId)
    .orderBy('id')
    .select('message_key', 'url', 'kind')
}

test.group('Drop folder: supplier files that arrive by themselves', (group) => {
  let folder: string
  let coordinatorId: number
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(async () => {
    folder = await mkdtemp(join(tmpdir(), 'vx-drop-'))
    await OrganisationFactory.merge({ code: 'SDF-BROMMA', name: 'Bromma' }).create()
    await OrganisationFactory.merge({ code: 'UTBF', name: 'Utbildning' }).create()
    coordinatorId = (await UserFactory.create()).id
    return () => rm(folder, { recursive: true, force: true })
  })

  test('a file recognised by its header is imported, moved to behandlade/ with its report, and the coordinator told', async ({
    assert,
  }) => {
    await writeFile(join(folder, 'antal-anstallda.csv'), HEADCOUNT)
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, {
      outcome: 'processed',
      kind: 'headcount',
      fileName: 'antal-anstallda.csv',
    })
    assert.equal(await headcountRows(), 2)
    assert.deepEqual(await filesIn(folder), ['.pagaende', 'avvisade', 'behandlade'])
    const done = await filesIn(join(folder, 'behandlade'))
    assert.lengthOf(done, 2)
    assert.match(done[0], /^\d{8}-\d{6}-antal-anstallda\.csv$/)
    assert.equal(done[1], `${done[0]}.rapport.txt`)
    assert.equal(await readFile(join(folder, 'behandlade', done[0]), 'utf8'), HEADCOUNT)
    const report = await readFile(join(folder, 'behandlade', done[1]), 'utf8')
    assert.include(report, 'antal-anstallda.csv: Inläst')
    assert.include(report, 'sparade: 2')
    const record = await db.from('imports').where('id', outcome.importId!).firstOrFail()
    assert.include(record, {
      type: 'headcount',
      status: 'imported',
      file_name: 'antal-anstallda.csv',
    })
    const stored = await db.from('drop_files').firstOrFail()
    assert.include(stored, {
      outcome: 'processed',
      kind: 'headcount',
      moved_to: `behandlade/${done[0]}`,
    })
    assert.deepEqual(await notificationsOf(coordinatorId), [
      {
        message_key: 'dropFileProcessed',
        url: `/administration/importer/${outcome.importId}`,
        kind: 'supplier_files',
      },
    ])
  })

  test('an unknown header row is refused into avvisade/ with a Swedish report and nothing is read', async ({
    assert,
  }) => {
    await writeFile(join(folder, 'okand.csv'), 'Namn;Telefon\nAnna;123\n')
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'rejected', kind: null, importId: null })
    assert.include(outcome.report, 'Rubrikraden känns inte igen')
    const rejected = await filesIn(join(folder, 'avvisade'))
    assert.lengthOf(rejected, 2)
    assert.include(
      await readFile(join(folder, 'avvisade', rejected[1]), 'utf8'),
      'Rubrikraden känns inte igen'
    )
    assert.deepEqual(await filesIn(join(folder, 'behandlade')), [])
    assert.deepEqual(
      (await notificationsOf(coordinatorId)).map((n) => [n.message_key, n.url]),
      [['dropFileRejected', '/administration/importer']]
    )
  })

  test('an empty file is refused as empty, not as an unknown header row', async ({ assert }) => {
    await writeFile(join(folder, 'tom.csv'), '')
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'rejected', kind: null, importId: null })
    assert.include(outcome.report, 'Filen är tom')
    assert.notInclude(outcome.report, 'Rubrikraden')
  })

  test('a file whose rows are wrong is refused all-or-nothing, the report giving line and error', async ({
    assert,
  }) => {
    await writeFile(
      join(folder, 'fel.csv'),
      'Organisation;Månad;Antal anställda\nSDF-BROMMA;2025-10;1250\nUTBF;2025-10;-5\n'
    )
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'rejected', kind: 'headcount' })
    assert.include(outcome.report, 'Avvisad – ingenting sparades')
    assert.equal(await headcountRows(), 0)
    const record = await db.from('imports').where('id', outcome.importId!).firstOrFail()
    assert.equal(record.status, 'rejected')
  })

  test('a file still being written is not taken until its size and time stop changing', async ({
    assert,
  }) => {
    const path = join(folder, 'faktura.csv')
    const state: DropFolderState = new Map()
    await writeFile(path, INVOICE.split('\n')[0] + '\n')
    assert.deepEqual(await pollDropFolder(folder, state), [])
    await appendFile(path, INVOICE.split('\n')[1] + '\n')
    // it grew since the previous poll: still not taken
    assert.deepEqual(await pollDropFolder(folder, state), [])
    assert.deepEqual(await filesIn(join(folder, 'behandlade')), [])
    const [outcome] = await pollDropFolder(folder, state)
    assert.include(outcome, { outcome: 'processed', kind: 'supplier_invoice' })
    const invoice = await db
      .from('supplier_invoices')
      .where('invoice_number', 'LF-2026-9001')
      .firstOrFail()
    assert.equal(Number(invoice.net_ore), 26_000_000)
  })

  test('transfer names and hidden files are left alone', async ({ assert }) => {
    await writeFile(join(folder, 'samtal.csv.part'), HEADCOUNT)
    await writeFile(join(folder, '.samtal.csv'), HEADCOUNT)
    assert.deepEqual(await twoPolls(folder), [])
    assert.includeMembers(await filesIn(folder), ['samtal.csv.part', '.samtal.csv'])
  })

  test('the same file twice imports once: the second is "unchanged" and changes nothing', async ({
    assert,
  }) => {
    await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT)
    const [first] = await twoPolls(folder)
    await db.from('headcounts').update({ employees: 1 })
    await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT)
    const [second] = await twoPolls(folder)
    assert.equal(first.outcome, 'processed')
    assert.equal(second.outcome, 'processed')
    assert.include(second.report, 'Oförändrad – filen är redan inläst')
    // the coordinator is told the second file was unchanged, not that it was read
    assert.deepEqual(
      (await notificationsOf(coordinatorId)).map((n) => n.message_key),
      ['dropFileProcessed', 'dropFileUnchanged']
    )
    const statuses = await db
      .from('imports')
      .where('type', 'headcount')
      .orderBy('id')
      .select('status')
    assert.deepEqual(
      statuses.map((row) => row.status),
      ['imported', 'unchanged']
    )
    // nothing was written again
    const counts = await db.from('headcounts').select('employees')
    assert.deepEqual(
      counts.map((row) => Number(row.employees)),
      [1, 1]
    )
    // both kept, under different names
    assert.lengthOf(await filesIn(join(folder, 'behandlade')), 4)
  })

  test('two instances polling the same folder: one takes the file, the other skips it', async ({
    assert,
  }) => {
    await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT)
    const first: DropFolderState = new Map()
    const second: DropFolderState = new Map()
    await pollDropFolder(folder, first)
    await pollDropFolder(folder, second)
    const [a, b] = await Promise.all([
      pollDropFolder(folder, first),
      pollDropFolder(folder, second),
    ])
    assert.lengthOf([...a, ...b], 1)
    assert.equal(
      await db
        .from('imports')
        .where('type', 'headcount')
        .count('* as n')
        .first()
        .then((r) => Number(r.n)),
      1
    )
    assert.lengthOf(await filesIn(join(folder, 'behandlade')), 2)
    assert.deepEqual(await filesIn(join(folder, '.pagaende')), [])
  })

  test('hostile names and links: nothing is read or written outside the folder', async ({
    assert,
  }) => {
    const outside = await mkdtemp(join(tmpdir(), 'vx-outside-'))
    try {
      await writeFile(join(outside, 'hemlig.csv'), HEADCOUNT)
      // a link to a file elsewhere is moved as a link, never followed
      await symlink(join(outside, 'hemlig.csv'), join(folder, 'lank.csv'))
      // a name that is a path elsewhere, and one with a line break
      await writeFile(join(folder, 'x\\..\\..\\etc\\passwd.csv'), HEADCOUNT)
      // a name starting with dots is a hidden file: left where it is, unread
      await writeFile(join(folder, '..\\..\\passwd.csv'), HEADCOUNT)
      await writeFile(join(folder, 'rad\nbrytning.csv'), 'Namn\nx\n')
      const outcomes = await twoPolls(folder)
      assert.lengthOf(outcomes, 3)
      const link = outcomes.find((o) => o.fileName === 'lank.csv')!
      assert.include(link, { outcome: 'rejected', importId: null })
      assert.include(link.report, 'inte en vanlig fil')
      const traversal = outcomes.find((o) => o.kind === 'headcount')!
      assert.equal(traversal.fileName, 'x_.._.._etc_passwd.csv')
      assert.match(traversal.movedTo, /^behandlade\/\d{8}-\d{6}-x_\.\._\.\._etc_passwd\.csv$/)
      assert.equal(
        (await db.from('imports').where('id', traversal.importId!).firstOrFail()).file_name,
        'x_.._.._etc_passwd.csv'
      )
      assert.include(await filesIn(folder), '..\\..\\passwd.csv')
      const broken = outcomes.find((o) => o.fileName === 'rad_brytning.csv')!
      assert.equal(broken.outcome, 'rejected')
      // the linked file is where it was, unread
      assert.deepEqual(await readdir(outside), ['hemlig.csv'])
      assert.equal(await headcountRows(), 2)
      for (const name of [
        ...(await filesIn(join(folder, 'avvisade'))),
        ...(await filesIn(join(folder, 'behandlade'))),
      ]) {
        assert.notInclude(name, '/')
        assert.notInclude(name, '\n')
      }
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })

  test('a name as long as the file system allows is still taken, moved and reported', async ({
    assert,
  }) => {
    // 244 bytes: the claim, the time in front and the report's ending must not overflow it
    const name = `${'å'.repeat(120)}.csv`
    await writeFile(join(folder, name), HEADCOUNT)
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'processed', kind: 'headcount' })
    assert.lengthOf(await filesIn(join(folder, 'behandlade')), 2)
    assert.deepEqual(await filesIn(join(folder, '.pagaende')), [])
  })

  test('a file name that is not UTF-8 (a Windows client’s Latin-1 "antal-anställda.csv") is read under its Latin-1 name, not left unseen', async ({
    assert,
  }) => {
    const raw = Buffer.concat([
      Buffer.from('antal-anst'),
      Buffer.from([0xe4]),
      Buffer.from('llda.csv'),
    ])
    await writeFile(Buffer.concat([Buffer.from(`${folder}/`), raw]), HEADCOUNT)
    const outcomes = await twoPolls(folder)
    assert.lengthOf(outcomes, 1)
    assert.include(outcomes[0], { outcome: 'processed', kind: 'headcount' })
    assert.equal(await headcountRows(), 2)
    const processed = await filesIn(join(folder, 'behandlade'))
    assert.isTrue(
      processed.some((name) => name.includes('antal-anställda.csv')),
      processed.join(', ')
    )
  })

  test('a file over the upload limit of its kind is refused without being read', async ({
    assert,
  }) => {
    const line = 'SDF-BROMMA;2025-10;1250\n'
    const rows = line.repeat(Math.ceil((21 * 1024 * 1024) / line.length))
    await writeFile(join(folder, 'stor.csv'), `Organisation;Månad;Antal anställda\n${rows}`)
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'rejected', kind: 'headcount', importId: null })
    assert.include(outcome.report, 'större än gränsen för den här sortens fil (20 MB)')
    assert.equal(await headcountRows(), 0)
  })

  test('the import history shows the drop-folder files with their reports, read by the folder', async ({
    client,
    assert,
  }) => {
    await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT)
    await writeFile(join(folder, 'okand.csv'), 'Namn;Telefon\nAnna;123\n')
    await twoPolls(folder)
    const coordinator = await db.from('users').where('id', coordinatorId).firstOrFail()
    const page = await client
      .get('/administration/importer')
      .loginAs(await User.findOrFail(coordinator.id))
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'Filer från inkorgsmappen')
    assert.include(html, 'Inkorgsmappen')
    assert.include(html, 'Behandlad')
    assert.include(html, 'Avvisad')
    assert.include(html, 'Rubrikraden känns inte igen')
    assert.match(html, /behandlade\/\d{8}-\d{6}-anstallda\.csv/)
  })

  test('a file saved from Excel (Windows-1252, CRLF) is recognised and read', async ({
    assert,
  }) => {
    await OrganisationFactory.merge({ code: 'STOCKHOLMSHEM', name: 'Stockholmshem' }).create()
    await copyFile(
      new URL('../fixtures/headcount/valid.csv', import.meta.url),
      join(folder, 'Antal anställda.csv')
    )
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'processed', kind: 'headcount' })
    assert.equal(await headcountRows(), 3)
  })

  test('a moved file is stamped with Stockholm local time, as its report is', async ({
    assert,
  }) => {
    clock.freeze('2026-12-03T16:06:48Z')
    try {
      await writeFile(join(folder, 'antal-anstallda.csv'), HEADCOUNT)
      await twoPolls(folder)
    } finally {
      clock.restore()
    }
    const done = await filesIn(join(folder, 'behandlade'))
    assert.equal(done[0], '20261203-170648-antal-anstallda.csv')
  })

  test('an extensions snapshot takes its date from the file name', async ({ assert }) => {
    await writeFile(
      join(folder, 'anknytningar-2025-10-31.csv'),
      'Anknytning;Organisation;Namn;Typ\n0850810001;SDF-BROMMA;Reception;anknytning\n'
    )
    const [outcome] = await twoPolls(folder)
    assert.include(outcome, { outcome: 'processed', kind: 'extensions' })
    const entry = await db
      .from('extensions')
      .where('number', '0850810001')
      .select(db.raw(`to_char(valid_from, 'YYYY-MM-DD') as valid_from`))
      .firstOrFail()
    assert.equal(entry.valid_from, '2025-10-31')
  })
})

test.group('Reminders of supplier files that have not arrived', (group) => {
  let coordinatorId: number
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(async () => {
    coordinatorId = (await UserFactory.create()).id
  })

  const at = (day: string) => new Date(`${day}T08:00:00Z`)

  test('before the configured day nothing is sent; from it, once per month and file', async ({
    assert,
  }) => {
    assert.equal(await sendImportReminders(at('2026-11-04')), 0)
    assert.equal(await sendImportReminders(at('2026-11-05')), 2)
    assert.equal(await sendImportReminders(at('2026-11-06')), 0)
    assert.deepEqual(
      (await notificationsOf(coordinatorId)).map((n) => [n.message_key, n.kind]),
      [
        ['callsReminder', 'supplier_files'],
        ['supplierInvoiceReminder', 'supplier_files'],
      ]
    )
    const texts = await db
      .from('notifications')
      .where('user_id', coordinatorId)
      .orderBy('id')
      .select('title')
    assert.include(texts[0].title, 'samtalsposterna för oktober 2026')
  })

  test('a file that arrived is not reminded of, and the day is a setting', async ({ assert }) => {
    await db.from('settings').where('key', 'import_reminder_day').update({ value: '10' })
    await db.table('supplier_invoices').insert({
      invoice_number: 'LF-1',
      invoice_date: '2026-11-02',
      period: '2026-10',
      net_ore: 100,
      content_hash: 'x',
    })
    assert.equal(await sendImportReminders(at('2026-11-09')), 0)
    assert.equal(await sendImportReminders(at('2026-11-10')), 1)
    assert.deepEqual(
      (await notificationsOf(coordinatorId)).map((n) => n.message_key),
      ['callsReminder']
    )
  })
})
