import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { importExtensions } from '#actions/extensions/import_extensions'
import { importHeadcount } from '#actions/headcount/import_headcount'
import { importSupplierInvoice } from '#actions/supplier_invoices/import_supplier_invoice'
import { importCosts } from '#actions/costs/import_costs'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { DateTime } from 'luxon'

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname
const request = (path: string) => ({
  filePath: fixture(path),
  fileName: path.split('/').pop()!,
  userId: null,
})

async function seedOrganisations() {
  await OrganisationFactory.merge({
    code: 'SDF-BROMMA',
    name: 'Bromma stadsdelsförvaltning',
  }).create()
  await OrganisationFactory.merge({ code: 'UTBF', name: 'Utbildningsförvaltningen' }).create()
  await OrganisationFactory.merge({
    code: 'STOCKHOLMSHEM',
    name: 'AB Stockholmshem',
    kind: 'bolag',
  }).create()
}

/** The register as of a date: number → organisation code (and name). */
async function registerAsOf(day: string) {
  const rows = await db
    .from('extensions as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .where('e.valid_from', '<=', day)
    .where((q) => q.whereNull('e.valid_to').orWhere('e.valid_to', '>=', day))
    .select('e.number', 'o.code', 'e.name')
    .orderBy('e.number')
  return Object.fromEntries(rows.map((row) => [row.number, `${row.code}:${row.name}`]))
}

async function count(table: string) {
  const [{ total }] = await db.from(table).count('* as total')
  return Number(total)
}

test.group('Extensions snapshots', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => seedOrganisations())

  test('a whole-city snapshot makes the register as of its date equal the file', async ({
    assert,
  }) => {
    const result = await importExtensions(request('extensions/city_2025-10-31.csv'), {
      asOf: '2025-10-31',
    })
    assert.include(result, { status: 'imported', read: 3, stored: 3 })
    assert.deepEqual(await registerAsOf('2025-10-31'), {
      '0850810001': 'SDF-BROMMA:Reception Bromma',
      '0850810002': 'SDF-BROMMA:Äldreomsorg',
      '0850820001': 'UTBF:Växel Utbildning',
    })
    assert.deepEqual(await registerAsOf('2025-10-30'), {})
  })

  test('moves end the old entry the day before; removals end it; additions start on the date', async ({
    assert,
  }) => {
    await importExtensions(request('extensions/city_2025-10-31.csv'), { asOf: '2025-10-31' })
    const result = await importExtensions(request('extensions/city_2026-03-01.csv'), {
      asOf: '2026-03-01',
    })
    assert.include(result, { status: 'imported', stored: 2, duplicates: 1 })
    assert.deepEqual(await registerAsOf('2026-03-01'), {
      '0850810001': 'SDF-BROMMA:Reception Bromma',
      '0850810002': 'UTBF:Äldreomsorg',
      '0850830001': 'UTBF:Ny linje',
    })
    // history: the day before, the register is as the first snapshot left it
    assert.deepEqual(await registerAsOf('2026-02-28'), {
      '0850810001': 'SDF-BROMMA:Reception Bromma',
      '0850810002': 'SDF-BROMMA:Äldreomsorg',
      '0850820001': 'UTBF:Växel Utbildning',
    })
    const moved = await db.from('extensions').where('number', '0850810002').orderBy('valid_from')
    assert.deepEqual(
      moved.map((e) => [
        DateTime.fromJSDate(e.valid_from).toISODate(),
        e.valid_to && DateTime.fromJSDate(e.valid_to).toISODate(),
      ]),
      [
        ['2025-10-31', '2026-02-28'],
        ['2026-03-01', null],
      ]
    )
    // one extension is one "anknytning" (ICU plural)
    assert.match(result.warnings.join(' '), /1 anknytning bytte organisation/)
    assert.match(
      result.warnings.join(' '),
      /1 anknytning saknades i filen och avslutades 2026-02-28/
    )
  })

  test('a removed extension that comes back gets a new entry from the new date', async ({
    assert,
  }) => {
    await importExtensions(request('extensions/city_2025-10-31.csv'), { asOf: '2025-10-31' })
    await importExtensions(request('extensions/city_2026-03-01.csv'), { asOf: '2026-03-01' })
    await importExtensions(request('extensions/city_2025-10-31.csv'), { asOf: '2026-06-01' })
    const entries = await db.from('extensions').where('number', '0850820001').orderBy('valid_from')
    assert.lengthOf(entries, 2)
    assert.deepEqual(await registerAsOf('2026-04-01'), {
      '0850810001': 'SDF-BROMMA:Reception Bromma',
      '0850810002': 'UTBF:Äldreomsorg',
      '0850830001': 'UTBF:Ny linje',
    })
    assert.equal((await registerAsOf('2026-06-01'))['0850820001'], 'UTBF:Växel Utbildning')
  })

  test('the same snapshot again changes nothing', async ({ assert }) => {
    await importExtensions(request('extensions/city_2025-10-31.csv'), { asOf: '2025-10-31' })
    const again = await importExtensions(request('extensions/city_2025-10-31.csv'), {
      asOf: '2025-10-31',
    })
    assert.equal(again.status, 'unchanged')
    // the same content as of a later date: nothing changes either
    const later = await importExtensions(request('extensions/city_2025-10-31.csv'), {
      asOf: '2025-11-30',
    })
    assert.include(later, { status: 'imported', stored: 0, duplicates: 3 })
    assert.equal(await count('extensions'), 3)
  })

  test("a same-day re-import with corrections replaces that day's entries in place", async ({
    assert,
  }) => {
    await importExtensions(request('extensions/city_2025-10-31.csv'), { asOf: '2025-10-31' })
    await importExtensions(request('extensions/city_2026-03-01.csv'), { asOf: '2025-10-31' })
    assert.deepEqual(await registerAsOf('2025-10-31'), {
      '0850810001': 'SDF-BROMMA:Reception Bromma',
      '0850810002': 'UTBF:Äldreomsorg',
      '0850830001': 'UTBF:Ny linje',
    })
    assert.equal(await count('extensions'), 3)
  })

  test('an organisation snapshot touches only that organisation', async ({ assert }) => {
    await importExtensions(request('extensions/city_2025-10-31.csv'), { asOf: '2025-10-31' })
    const result = await importExtensions(request('extensions/bromma_2026-04-01.csv'), {
      asOf: '2026-04-01',
      organisationCode: 'SDF-BROMMA',
    })
    assert.include(result, { status: 'imported', stored: 1, duplicates: 1 })
    assert.deepEqual(await registerAsOf('2026-04-01'), {
      '0850810001': 'SDF-BROMMA:Reception Bromma',
      '0850810009': 'SDF-BROMMA:Hemtjänst',
      '0850820001': 'UTBF:Växel Utbildning',
    })
  })

  test("an organisation snapshot with another organisation's row is rejected and stores nothing", async ({
    assert,
  }) => {
    const result = await importExtensions(request('extensions/bromma_wrong_org.csv'), {
      asOf: '2026-04-01',
      organisationCode: 'SDF-BROMMA',
    })
    assert.equal(result.status, 'rejected')
    assert.deepEqual(result.errors[0], {
      line: 3,
      column: 'Organisation',
      message:
        'rad 3: Organisation "UTBF" hör inte till filens omfattning – filen läses in för SDF-BROMMA och får bara innehålla dess anknytningar',
    })
    assert.equal(await count('extensions'), 0)
  })

  test('a snapshot older than the latest for its scope is refused', async ({ assert }) => {
    await importExtensions(request('extensions/city_2026-03-01.csv'), { asOf: '2026-03-01' })
    const older = await importExtensions(request('extensions/city_2025-10-31.csv'), {
      asOf: '2025-10-31',
    })
    assert.equal(older.status, 'rejected')
    assert.match(
      older.errors[0].message,
      /äldre än den senast inlästa för samma omfattning \(2026-03-01\)/
    )
    assert.equal(await count('extensions'), 3)
  })
})

test.group('Register imports / bad files are rejected whole and store nothing', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => seedOrganisations())

  const cases: [
    string,
    () => Promise<{
      status: string
      errors: { line: number | null; column: string | null; message: string }[]
    }>,
    number | null,
    string | null,
    RegExp,
    string,
  ][] = [
    [
      'extensions/duplicate_number.csv',
      () => importExtensions(request('extensions/duplicate_number.csv'), { asOf: '2025-10-31' }),
      3,
      'Anknytning',
      /^rad 3: Anknytning 0850810001 finns redan på rad 2 i samma fil/,
      'extensions',
    ],
    [
      'extensions/unknown_organisation.csv',
      () =>
        importExtensions(request('extensions/unknown_organisation.csv'), { asOf: '2025-10-31' }),
      2,
      'Organisation',
      /^rad 2: Organisation "SDF-OKAND" finns inte i organisationsregistret/,
      'extensions',
    ],
    [
      'extensions/bad_number.csv',
      () => importExtensions(request('extensions/bad_number.csv'), { asOf: '2025-10-31' }),
      2,
      'Anknytning',
      /^rad 2: Anknytning "08-508 ABC" är inte ett telefonnummer/,
      'extensions',
    ],
    [
      'extensions/utf16_excel_unicode_text.csv',
      () =>
        importExtensions(request('extensions/utf16_excel_unicode_text.csv'), {
          asOf: '2025-10-31',
        }),
      null,
      null,
      /UTF-16/,
      'extensions',
    ],
    [
      'headcount/negative.csv',
      () => importHeadcount(request('headcount/negative.csv')),
      2,
      'Antal anställda',
      /^rad 2: Antal anställda "-5" får inte vara negativt/,
      'headcounts',
    ],
    [
      'headcount/bad_month.csv',
      () => importHeadcount(request('headcount/bad_month.csv')),
      2,
      'Månad',
      /^rad 2: Månad "oktober 2025" är inte en månad på formen ÅÅÅÅ-MM/,
      'headcounts',
    ],
    [
      'headcount/decimal.csv',
      () => importHeadcount(request('headcount/decimal.csv')),
      2,
      'Antal anställda',
      /^rad 2: Antal anställda "12,5" är inte ett heltal/,
      'headcounts',
    ],
    [
      'headcount/duplicate.csv',
      () => importHeadcount(request('headcount/duplicate.csv')),
      3,
      'Månad',
      /^rad 3: SDF-BROMMA 2025-10 finns redan på rad 2/,
      'headcounts',
    ],
    [
      'headcount/unknown_organisation.csv',
      () => importHeadcount(request('headcount/unknown_organisation.csv')),
      2,
      'Organisation',
      /finns inte i organisationsregistret/,
      'headcounts',
    ],
    [
      'headcount/utf16.csv',
      () => importHeadcount(request('headcount/utf16.csv')),
      null,
      null,
      /UTF-16/,
      'headcounts',
    ],
    [
      'supplier_invoice/sum_mismatch.csv',
      () => importSupplierInvoice(request('supplier_invoice/sum_mismatch.csv')),
      2,
      'Belopp',
      /^rad 2: Belopp "163 000,00" stämmer inte med Antal × Pris \(41250\.0000 × 3\.9500 = 162\u00a0937,50\u00a0kr\)/,
      'supplier_invoices',
    ],
    [
      'supplier_invoice/two_invoices.csv',
      () => importSupplierInvoice(request('supplier_invoice/two_invoices.csv')),
      3,
      'Fakturanummer',
      /en fil ska innehålla en enda faktura/,
      'supplier_invoices',
    ],
    [
      'supplier_invoice/bad_price.csv',
      () => importSupplierInvoice(request('supplier_invoice/bad_price.csv')),
      2,
      'Pris',
      /^rad 2: Pris "3,95 kr" är inte ett tal/,
      'supplier_invoices',
    ],
    [
      'supplier_invoice/bad_period.csv',
      () => importSupplierInvoice(request('supplier_invoice/bad_period.csv')),
      2,
      'Period',
      /^rad 2: Period "2026-13" är inte en månad/,
      'supplier_invoices',
    ],
    [
      'costs/unknown_pool.csv',
      () => importCosts(request('costs/unknown_pool.csv')),
      2,
      'Kostnadspost',
      /^rad 2: Kostnadspost "OKAND" är ingen känd kostnadspost/,
      'cost_entries',
    ],
    [
      'costs/pool_without_entries.csv',
      () => importCosts(request('costs/pool_without_entries.csv')),
      2,
      'Kostnadspost',
      /tar inte emot kostnader från fil \(kostnadsposter som gör det: ETJANST, SAMORDNING\)/,
      'cost_entries',
    ],
    [
      'costs/bad_amount.csv',
      () => importCosts(request('costs/bad_amount.csv')),
      2,
      'Belopp',
      /^rad 2: Belopp "100,005" har fler än 2 decimaler/,
      'cost_entries',
    ],
  ]
  for (const [name, run, line, column, message, table] of cases) {
    test(`${name}: Swedish message with line and column, nothing in ${table}`, async ({
      assert,
    }) => {
      const result = await run()
      assert.equal(result.status, 'rejected')
      assert.equal(result.errors[0].line, line)
      assert.equal(result.errors[0].column, column)
      assert.match(result.errors[0].message, message)
      assert.equal(await count(table), 0)
    })
  }
})

test.group('Headcount, supplier invoices and cost entries', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => seedOrganisations())

  test('headcount upserts per organisation and month', async ({ assert }) => {
    const first = await importHeadcount(request('headcount/valid.csv'))
    assert.include(first, { status: 'imported', stored: 3 })
    const row = await db
      .from('headcounts')
      .join('organisations', 'organisations.id', 'headcounts.organisation_id')
      .where('code', 'SDF-BROMMA')
      .first()
    assert.equal(row.employees, 1250)
    assert.equal(row.month, '2025-10')
  })

  test('a supplier invoice stores its lines exactly and its net total in öre', async ({
    assert,
  }) => {
    const result = await importSupplierInvoice(request('supplier_invoice/valid.csv'))
    assert.include(result, { status: 'imported', stored: 3 })
    const invoice = await db
      .from('supplier_invoices')
      .where('invoice_number', 'LF-2026-1001')
      .firstOrFail()
    assert.equal(invoice.net_ore, '41143750')
    assert.equal(invoice.period, '2026-10')
    const lines = await db
      .from('supplier_invoice_lines')
      .where('supplier_invoice_id', invoice.id)
      .orderBy('line_number')
    assert.deepEqual(
      lines.map((l) => [l.article, l.quantity, l.price, l.amount_ore]),
      [
        ['FAST', '1.0000', '250000.0000', '25000000'],
        ['SAMTAL', '41250.0000', '3.9500', '16293750'],
        ['KREDIT', '1.0000', '-1500.0000', '-150000'],
      ]
    )
  })

  test('the same invoice number with other content is refused; nothing changes', async ({
    assert,
  }) => {
    await importSupplierInvoice(request('supplier_invoice/valid.csv'))
    const result = await importSupplierInvoice(
      request('supplier_invoice/same_number_other_content.csv')
    )
    assert.equal(result.status, 'rejected')
    assert.match(
      result.errors[0].message,
      /Faktura LF-2026-1001 är redan inläst .* med ett annat innehåll/
    )
    assert.equal(await count('supplier_invoice_lines'), 3)
  })

  test('a corrected cost file replaces the entries of its period and pool instead of adding to them', async ({
    assert,
  }) => {
    await importCosts(request('costs/valid.csv'))
    const result = await importCosts(request('costs/corrected.csv'))
    assert.include(result, { status: 'imported', stored: 2 })
    assert.match(result.warnings.join(' '), /2 tidigare kostnader för ETJANST 2026-10 ersattes/)
    const [{ sum }] = await db
      .from('cost_entries')
      .whereNull('replaced_at')
      .sum('amount_ore as sum')
    assert.equal(sum, '5700000')
    // the replaced entries stay, marked, so what they fed keeps its evidence
    const replaced = await db.from('cost_entries').whereNotNull('replaced_at')
    assert.lengthOf(replaced, 2)
    assert.isTrue(replaced.every((entry) => entry.replaced_by_import_id !== null))
  })
})
