/**
 * Finance export batches (FORMATS.md `finance:export --new/--batch`, docs/adr/0016): each
 * verification reaches the ledger once, a batch is written again byte for byte, and the
 * finance page lists the batches.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { createExportBatch } from '#actions/month_end/export_batches'
import { UserFactory } from '#database/factories/user_factory'
import { issuePeriod, periodWithShares } from '#tests/helpers/month_end_fixtures'
import { aceJson } from '#tests/helpers/control_loop_city'
import { inDefaultLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

/** An approved period with one share each for an administration and a company. */
async function approvedPeriod(period: string, prefix = 'EXPORT') {
  const organisations = []
  for (const [index, kind] of (['forvaltning', 'bolag'] as const).entries()) {
    const [row] = await db
      .table('organisations')
      .insert({
        code: `${prefix}-${index}`,
        name: `Exportorganisation ${index}`,
        kind,
        cost_centre: `5${index}000`,
        active_from: '2009-01-01',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    organisations.push(row.id)
  }
  await periodWithShares(
    period,
    [
      { organisationId: organisations[0], weight: 2, amountOre: 200_00 },
      { organisationId: organisations[1], weight: 1, amountOre: 100_00 },
    ],
    { pool: 'SAMORDNING' }
  )
  return issuePeriod(period)
}

const verificationsIn = (csv: string) => [
  ...new Set(
    csv
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(';')[0])
  ),
]

test.group('Finance export batches', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('--new exports every verification once: a second batch holds only the credit note issued after the first', async ({
    assert,
  }) => {
    const invoices = await approvedPeriod('2031-01')
    const controller = await UserFactory.apply('controller').create()
    const dir = await mkdtemp(join(tmpdir(), 'exportbatch-'))
    const first = await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'b1.csv')}`,
      `--sie=${join(dir, 'b1.se')}`,
      `--as=${controller.email}`,
    ])
    assert.equal(first.exitCode, 0)
    assert.deepEqual(first.output, {
      batch: 1,
      verifications: 2,
      out: join(dir, 'b1.csv'),
      sie: join(dir, 'b1.se'),
    })
    const firstCsv = await readFile(join(dir, 'b1.csv'), 'utf8')
    assert.deepEqual(
      verificationsIn(firstCsv),
      invoices.map((invoice) => invoice.number)
    )

    const original = await db.from('invoices').where('number', invoices[1].number).firstOrFail()
    const credit = await creditInvoice(original.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    const second = await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'b2.csv')}`,
      `--as=${controller.email}`,
    ])
    assert.deepEqual(second.output, {
      batch: 2,
      verifications: 1,
      out: join(dir, 'b2.csv'),
      sie: null,
    })
    const secondCsv = await readFile(join(dir, 'b2.csv'), 'utf8')
    assert.deepEqual(verificationsIn(secondCsv), [(credit as { number: string }).number])
    // the credit note reverses the company invoice: cost credited, revenue and VAT debited
    assert.match(secondCsv, /;6420;51000;470;-125,00;Kreditfaktura/)
    assert.match(secondCsv, /;3610;11000;470;100,00;Kreditfaktura/)
    assert.match(secondCsv, /;2611;11000;470;25,00;Kreditfaktura/)

    // nothing new: no batch, no file, exit 0
    const third = await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'b3.csv')}`,
      `--as=${controller.email}`,
    ])
    assert.equal(third.exitCode, 0)
    assert.deepEqual(third.output, { batch: null, verifications: 0, out: null, sie: null })
    await assert.rejects(() => readFile(join(dir, 'b3.csv')))
    const batches = await db.from('export_batches').orderBy('number')
    assert.deepEqual(
      batches.map((batch) => [batch.number, batch.created_by, batch.verification_count]),
      [
        [1, controller.id, 2],
        [2, controller.id, 1],
      ]
    )
  })

  test('--batch=N writes batch N again byte for byte, CSV and SIE 4, even after later batches', async ({
    assert,
  }) => {
    await approvedPeriod('2031-02')
    const controller = await UserFactory.apply('controller').create()
    const dir = await mkdtemp(join(tmpdir(), 'exportbatch-'))
    await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'new.csv')}`,
      `--sie=${join(dir, 'new.se')}`,
      `--as=${controller.email}`,
    ])
    await approvedPeriod('2031-03', 'LATER')
    await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'later.csv')}`,
      `--as=${controller.email}`,
    ])
    // the organisation's cost centre changes afterwards: the stored batch does not
    await db.from('organisations').where('code', 'EXPORT-0').update({ cost_centre: '99999' })
    const again = await aceJson('finance:export', [
      '--batch=1',
      `--out=${join(dir, 'again.csv')}`,
      `--sie=${join(dir, 'again.se')}`,
    ])
    assert.deepEqual(again.output, {
      batch: 1,
      verifications: 2,
      out: join(dir, 'again.csv'),
      sie: join(dir, 'again.se'),
    })
    assert.isTrue(
      (await readFile(join(dir, 'again.csv'))).equals(await readFile(join(dir, 'new.csv')))
    )
    assert.isTrue(
      (await readFile(join(dir, 'again.se'))).equals(await readFile(join(dir, 'new.se')))
    )
  })

  test('--new without --as, with an unknown user or with a coordinator is refused and exports nothing', async ({
    assert,
  }) => {
    await approvedPeriod('2031-04')
    const coordinator = await UserFactory.create()
    const dir = await mkdtemp(join(tmpdir(), 'exportbatch-'))
    for (const [as, pattern] of [
      [null, /--as=E-POST krävs/],
      ['ingen@stad.example', /ingen användare med e-postadressen ingen@stad.example/],
      [coordinator.email, /får inte utföra steget; det gör en controller/],
    ] as const) {
      const { exitCode, output } = await aceJson('finance:export', [
        '--new',
        `--out=${join(dir, 'x.csv')}`,
        ...(as ? [`--as=${as}`] : []),
      ])
      assert.equal(exitCode, 1)
      assert.equal(output.status, 'error')
      assert.match(output.errors[0].message, pattern)
    }
    const [{ count }] = await db.from('exported_verifications').count('* as count')
    assert.equal(Number(count), 0)
  })

  test('a batch that does not exist, batch 0, a period together with --new: a Swedish refusal, exit 1', async ({
    assert,
  }) => {
    for (const [args, pattern] of [
      [['--batch=7', '--out=/tmp/x.csv'], /Exportbatch 7 finns inte/],
      [['--batch=abc', '--out=/tmp/x.csv'], /--batch ska vara ett heltal/],
      [['2031-01', '--new', '--out=/tmp/x.csv'], /precis ett av/],
    ] as const) {
      const { exitCode, output } = await aceJson('finance:export', [...args])
      assert.equal(exitCode, 1)
      assert.match(output.errors[0].message, pattern)
    }
    await db.table('export_batches').insert({ number: 0, verification_count: 0 })
    const zero = await aceJson('finance:export', ['--batch=0', '--out=/tmp/x.csv'])
    assert.match(zero.output.errors[0].message, /Batch 0 är verifikationerna som fanns innan/)
  })

  test('on upgrade the verifications issued before batches are batch 0, without files; --new then takes only later ones', async ({
    assert,
  }) => {
    const { BATCH_ZERO } = await import('#database/migrations/0050_create_export_batches')
    const before = await approvedPeriod('2031-08')
    for (const statement of BATCH_ZERO) await db.rawQuery(statement)
    const zero = await db.from('export_batches').where('number', 0).firstOrFail()
    assert.equal(zero.verification_count, 2)
    assert.isNull(zero.csv_path)
    const after = await approvedPeriod('2031-09', 'LATER')
    const batch = await createExportBatch(null)
    assert.isTrue(batch.ok && batch.batch === 1 && batch.verifications === 2)
    const exported = await db
      .from('exported_verifications as e')
      .join('invoices as i', 'i.id', 'e.invoice_id')
      .orderBy('i.sequence')
      .select('i.number', 'e.batch_number')
    assert.deepEqual(exported, [
      ...before.map((invoice) => ({ number: invoice.number, batch_number: 0 })),
      ...after.map((invoice) => ({ number: invoice.number, batch_number: 1 })),
    ])
  })

  test('the database refuses a verification in a second batch, and batches are never changed or deleted', async ({
    assert,
  }) => {
    await approvedPeriod('2031-05')
    const batch = await createExportBatch(null)
    assert.isTrue(batch.ok && batch.batch === 1)
    const exported = await db.from('exported_verifications').firstOrFail()
    await db.table('export_batches').insert({
      number: 2,
      verification_count: 1,
      csv_path: 'x',
      csv_sha256: 'x',
      sie_path: 'x',
      sie_sha256: 'x',
    })
    await assert.rejects(
      () =>
        db.transaction((trx) =>
          trx
            .table('exported_verifications')
            .insert({ invoice_id: exported.invoice_id, batch_number: 2 })
        ),
      /duplicate key|unik/
    )
    await assert.rejects(
      () => db.transaction((trx) => trx.rawQuery('DELETE FROM exported_verifications')),
      /exportbatcher ändras eller tas aldrig bort/
    )
    await assert.rejects(
      () =>
        db.transaction((trx) => trx.rawQuery('UPDATE export_batches SET verification_count = 9')),
      /exportbatcher ändras eller tas aldrig bort/
    )
  })

  test('the finance page lists batches with who and when; the controller makes a new batch and downloads it', async ({
    client,
    assert,
  }) => {
    await approvedPeriod('2031-06')
    const controller = await UserFactory.apply('controller')
      .merge({ fullName: 'Cecilia Controller' })
      .create()
    const coordinator = await UserFactory.create()
    const before = await client.get('/ekonomiexport').loginAs(controller)
    before.assertTextIncludes('2 verifikationer väntar på export.')
    before.assertTextIncludes('Ny exportbatch')
    const created = await client
      .post('/ekonomiexport')
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    created.assertFlashMessage('success', 'Exportbatch 1 med 2 verifikationer är skapad.')
    const page = await client.get('/ekonomiexport').loginAs(coordinator)
    page.assertTextIncludes('Cecilia Controller')
    page.assertTextIncludes('Alla verifikationer är exporterade.')
    assert.notInclude(page.text(), 'Ny exportbatch')
    const csv = await client.get('/ekonomiexport/1/csv').loginAs(coordinator)
    csv.assertStatus(200)
    csv.assertHeader('content-disposition', 'attachment; filename="exportbatch-1.csv"')
    const stored = await db.from('export_batches').where('number', 1).firstOrFail()
    const { storage } = await import('#services/storage')
    assert.equal(csv.text(), (await storage().read(stored.csv_path))!.toString('utf8'))
    const list = await client.get('/listor/exportbatcher').loginAs(controller)
    assert.match(
      list.text(),
      /^\ufeffBatch;Exporterad;Exporterad av;Verifikationer;Första verifikation;Sista verifikation\r\n1;[^;]+;Cecilia Controller;2;/
    )
  })
})

test.group('Finance export batches under concurrency', (group) => {
  async function cleanUp() {
    // TRUNCATE does not fire the row triggers that protect issued invoices and batches
    await db.rawQuery(
      `TRUNCATE exported_verifications, export_batches, invoice_lines, invoices, invoice_series, allocation_shares, allocations, periods CASCADE`
    )
    await db.from('organisations').where('code', 'like', 'SAMTIDIG-%').delete()
  }
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('two exports at the same moment never export a verification twice', async ({ assert }) => {
    await approvedPeriod('2031-07', 'SAMTIDIG')
    const results = await Promise.all([createExportBatch(null), createExportBatch(null)])
    const made = results.filter((result) => result.ok && result.batch !== null)
    assert.lengthOf(made, 1)
    const other = results.find((result) => result !== made[0])!
    // the other one either lost the race to the database constraint or found nothing left
    if (other.ok) assert.isNull(other.batch)
    else assert.match(inDefaultLanguage(other.error), /En annan export tog samma verifikationer/)
    const rows = await db.from('exported_verifications').select('invoice_id', 'batch_number')
    assert.lengthOf(rows, 2)
    assert.isTrue(rows.every((row) => row.batch_number === 1))
    const [{ count }] = await db.from('export_batches').count('* as count')
    assert.equal(Number(count), 1)
  })
  test('an export that would take a verification another uncommitted export holds is refused when that one commits', async ({
    assert,
  }) => {
    const invoices = await approvedPeriod('2031-10', 'SAMTIDIG')
    const first = await db.from('invoices').where('number', invoices[0].number).firstOrFail()
    // another export is half-way: batch 1 with the first invoice, not yet committed
    const other = await db.transaction()
    await other.table('export_batches').insert({
      number: 1,
      verification_count: 1,
      csv_path: 'x',
      csv_sha256: 'x',
      sie_path: 'x',
      sie_sha256: 'x',
    })
    await other.table('exported_verifications').insert({ invoice_id: first.id, batch_number: 1 })
    const racing = createExportBatch(null)
    // the racing export waits on the uncommitted keys; let it get there, then commit
    await new Promise((resolve) => setTimeout(resolve, 300))
    await other.commit()
    const result = await racing
    assert.isFalse(result.ok)
    assert.match(
      inDefaultLanguage((result as { error: StoredMessage }).error),
      /En annan export tog samma verifikationer/
    )
    const rows = await db.from('exported_verifications').select('invoice_id', 'batch_number')
    assert.deepEqual(rows, [{ invoice_id: first.id, batch_number: 1 }])
    const files = await db.from('export_batches').count('* as count')
    assert.equal(Number(files[0].count), 1)
  })
})
