import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import Organisation from '#models/organisation'
import Import from '#models/import'
import { importOrganisations } from '#actions/organisations/import_organisations'
import { UserFactory } from '#database/factories/user_factory'

const fixture = (name: string) =>
  new URL(`../fixtures/organisations/${name}`, import.meta.url).pathname

const run = (name: string, options: { partial?: boolean } = {}) =>
  importOrganisations({ filePath: fixture(name), fileName: name, userId: null, ...options })

async function organisationAuditCount() {
  const [{ count }] = await db
    .from('audit_log')
    .where('entity_type', 'organisation')
    .count('* as count')
  return Number(count)
}

test.group('Organisations import / valid files', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an Excel file in Windows-1252 is stored with å/ä/ö and both kinds', async ({ assert }) => {
    const result = await run('valid_excel.csv')
    assert.equal(result.status, 'imported')
    assert.include(result, { read: 3, stored: 3, duplicates: 0, rejected: 0 })
    const alvsjo = await Organisation.findByOrFail('code', 'SDF-ALVSJO')
    assert.equal(alvsjo.name, 'Älvsjö stadsdelsförvaltning')
    assert.equal(alvsjo.activeTo?.toISODate(), '2019-12-31')
    const hem = await Organisation.findByOrFail('code', 'STOCKHOLMSHEM')
    assert.equal(hem.kind, 'bolag')
    assert.equal(hem.invoiceReference, 'Ref Åsa Öberg')
    assert.equal(hem.connectedFrom?.toISODate(), '2010-01-01')
    assert.equal(await organisationAuditCount(), 3)
  })

  test('the same file again is a no-op that says so, and is recorded', async ({ assert }) => {
    await run('valid_excel.csv')
    const again = await run('valid_excel.csv')
    assert.equal(again.status, 'unchanged')
    assert.equal(again.stored, 0)
    assert.match(again.warnings[0], /redan inläst/)
    assert.equal(
      await Organisation.query()
        .count('* as total')
        .first()
        .then((r) => Number(r!.$extras.total)),
      3
    )
    assert.equal(
      await Import.query()
        .where('type', 'organisations')
        .count('* as total')
        .first()
        .then((r) => Number(r!.$extras.total)),
      2
    )
  })

  test('rows upsert by Kod and the change is written to the history', async ({ assert }) => {
    await run('valid_excel.csv')
    const result = await run('update_excel.csv')
    assert.include(result, { status: 'imported', stored: 1, duplicates: 0 })
    const bromma = await Organisation.findByOrFail('code', 'SDF-BROMMA')
    assert.equal(bromma.costCentre, '20199')
    const history = await db
      .from('audit_log')
      .where('entity_type', 'organisation')
      .where('entity_id', String(bromma.id))
      .orderBy('id', 'desc')
      .first()
    assert.deepEqual(history.changes.costCentre, { from: '20100', to: '20199' })
    assert.deepEqual(history.changes.invoiceReference, { from: 'Växel Bromma', to: 'Ny referens' })
  })

  test('the command prints one JSON document with the fixed field names', async ({ assert }) => {
    ace.ui.switchMode('raw')
    try {
      const command = await ace.exec('import:organisations', [fixture('valid_excel.csv'), '--json'])
      assert.equal(command.exitCode, 0)
      const logs = ace.ui.logger.getLogs()
      assert.lengthOf(logs, 1)
      const json = JSON.parse(logs[0].message)
      assert.containsSubset(json, {
        file: 'valid_excel.csv',
        status: 'imported',
        read: 3,
        stored: 3,
        duplicates: 0,
        rejected: 0,
        warnings: [],
        errors: [],
      })
      assert.match(json.checksum, /^[0-9a-f]{64}$/)
    } finally {
      ace.ui.switchMode('normal')
    }
  })

  test('a rejected file makes the command exit non-zero with its errors in JSON', async ({
    assert,
  }) => {
    ace.ui.switchMode('raw')
    try {
      const command = await ace.exec('import:organisations', [fixture('bad_kind.csv'), '--json'])
      assert.equal(command.exitCode, 1)
      const json = JSON.parse(ace.ui.logger.getLogs()[0].message)
      assert.equal(json.status, 'rejected')
      assert.deepEqual(json.errors[0], {
        line: 3,
        column: 'Typ',
        message: 'rad 3: Typ "förbund" är ingen giltig typ (ange förvaltning eller bolag)',
      })
    } finally {
      ace.ui.switchMode('normal')
    }
  })
})

test.group('Organisations import / bad files store nothing', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  const cases: [file: string, line: number | null, column: string | null, message: RegExp][] = [
    ['missing_column.csv', 1, 'Typ', /^rad 1: kolumnen "Typ" saknas i rubrikraden/],
    ['bad_kind.csv', 3, 'Typ', /^rad 3: Typ "förbund" är ingen giltig typ/],
    ['bad_date.csv', 2, 'Aktiv från', /^rad 2: Aktiv från "2009-13-01" är inget giltigt datum/],
    [
      'swedish_date.csv',
      2,
      'Aktiv från',
      /^rad 2: Aktiv från "1\/1\/2009" är inte ett datum på formen ÅÅÅÅ-MM-DD/,
    ],
    ['duplicate_code.csv', 3, 'Kod', /^rad 3: Kod "SF" finns redan på rad 2 i samma fil/],
    [
      'to_before_from.csv',
      2,
      'Aktiv till',
      /^rad 2: Aktiv till "2019-12-31" ligger före Aktiv från \(2020-01-01\)/,
    ],
    ['code_too_long.csv', 2, 'Kod', /^rad 2: Kod "STADSDELSFORVALTNINGEN" är längre än 16 tecken/],
    ['missing_name.csv', 2, 'Namn', /^rad 2: Namn saknas/],
    ['wrong_delimiter.csv', 1, null, /^rad 1: hittar ingen avgränsare i rubrikraden/],
    ['empty.csv', null, null, /^Filen är tom/],
    ['header_only.csv', null, null, /bara rubrikraden/],
    ['binary.csv', null, null, /binära data/],
  ]

  for (const [file, line, column, message] of cases) {
    test(`${file}: rejected whole, Swedish message names line and column, nothing stored`, async ({
      assert,
    }) => {
      const result = await run(file)
      assert.equal(result.status, 'rejected')
      assert.equal(result.stored, 0)
      assert.equal(result.errors[0].line, line)
      assert.equal(result.errors[0].column, column)
      assert.match(result.errors[0].message, message)
      assert.equal(
        Number((await Organisation.query().count('* as total').first())!.$extras.total),
        0
      )
      assert.equal(await organisationAuditCount(), 0)
      const record = await Import.findOrFail(result.importId)
      assert.equal(record.status, 'rejected')
      assert.deepEqual(record.errors[0], result.errors[0])
    })
  }

  test('one bad row among good ones rejects the whole file by default', async ({ assert }) => {
    const result = await run('bad_kind.csv')
    assert.equal(result.status, 'rejected')
    assert.equal(result.rejected, 2)
    assert.isNull(await Organisation.findBy('code', 'SF'))
  })

  test('--partial stores the valid rows and keeps the rejected ones with their errors', async ({
    assert,
  }) => {
    const result = await run('bad_kind.csv', { partial: true })
    assert.include(result, { status: 'partial', read: 2, stored: 1, rejected: 1 })
    assert.isNotNull(await Organisation.findBy('code', 'SF'))
    assert.isNull(await Organisation.findBy('code', 'X'))
    const record = await Import.findOrFail(result.importId)
    assert.equal(record.errors[0].line, 3)
  })

  test('the import records who imported the file', async ({ assert }) => {
    const user = await UserFactory.create()
    const result = await importOrganisations({
      filePath: fixture('valid_excel.csv'),
      fileName: 'register.csv',
      userId: user.id,
    })
    const record = await Import.findOrFail(result.importId)
    assert.equal(record.userId, user.id)
    assert.equal(record.fileName, 'register.csv')
    assert.equal(record.encoding, 'windows-1252')
  })
})
