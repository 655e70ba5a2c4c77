import { test } from '@japa/runner'
import { writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CsvFileError, inspectFile, openCsv, rowError, type CsvColumn } from '#services/csv_reader'

const fixture = (name: string) => new URL(`../fixtures/csv/${name}`, import.meta.url).pathname

const columns: CsvColumn<'code' | 'name' | 'wait'>[] = [
  { key: 'code', header: 'Kod' },
  { key: 'name', header: 'Namn' },
  { key: 'wait', header: 'Väntetid' },
]

async function readAll(path: string) {
  const csv = await openCsv(path, columns)
  const records = []
  for await (const record of csv.records) records.push(record)
  return { csv, records }
}

async function fileError(path: string) {
  try {
    await readAll(path)
  } catch (error) {
    if (error instanceof CsvFileError) return error
    throw error
  }
  throw new Error('expected a CsvFileError')
}

test.group('CSV reader / encodings', () => {
  test('a Windows-1252 file from Excel keeps å, ä, ö intact', async ({ assert }) => {
    const { csv, records } = await readAll(fixture('excel_cp1252.csv'))
    assert.equal(csv.info.encoding, 'windows-1252')
    assert.equal(records[0].values.name, 'Södermalms stadsdelsförvaltning')
    assert.equal(records[1].values.code, 'ÅRS')
    assert.equal(records[1].values.name, 'Årsta – ärende')
  })

  test('UTF-8 with a BOM is read as UTF-8 and the BOM is not part of the first header', async ({
    assert,
  }) => {
    const { csv, records } = await readAll(fixture('utf8_bom.csv'))
    assert.equal(csv.info.encoding, 'utf-8')
    assert.isTrue(csv.info.hasBom)
    assert.equal(records[0].values.code, 'SÖD')
  })

  test('UTF-8 without a BOM is detected as UTF-8', async ({ assert }) => {
    const { csv, records } = await readAll(fixture('utf8_plain.csv'))
    assert.equal(csv.info.encoding, 'utf-8')
    assert.equal(records[0].values.name, 'Södermalms stadsdelsförvaltning')
  })

  test('a file mixing UTF-8 and Windows-1252 is refused, saying so and naming a line of each', async ({
    assert,
  }) => {
    const error = await fileError(fixture('mixed_encodings.csv'))
    assert.equal(
      error.message,
      'Filen blandar teckenkodningar: rad 1 har tecken som å, ä, ö i UTF-8 men rad 3 i ' +
        'Windows-1252 (troligen inklistrat från en annan fil). Spara hela filen på nytt från ' +
        'Excel som "CSV UTF-8" och läs in den igen.'
    )
    assert.equal(error.line, 3)
  })

  test('a Windows-1252 file with one row in UTF-8 names that row', async ({ assert }) => {
    const dir = await mkdtemp(join(tmpdir(), 'vx-mixed-'))
    const path = join(dir, 'blandad.csv')
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from('Kod;Namn;V\xe4ntetid\r\nS\xd6D;S\xf6dermalm;12\r\n', 'latin1'),
        Buffer.from('ÅRS;Årsta;7\r\n', 'utf8'),
      ])
    )
    const error = await fileError(path)
    assert.match(
      error.message,
      /^Filen blandar teckenkodningar: rad 3 har .* men rad 1 i Windows-1252/
    )
    assert.equal(error.line, 3)
  })

  test('a Windows-1252 file and a UTF-8 file are each read whole, with no mixing found', async ({
    assert,
  }) => {
    assert.equal((await inspectFile(fixture('excel_cp1252.csv'))).encoding, 'windows-1252')
    assert.equal((await inspectFile(fixture('utf8_plain.csv'))).encoding, 'utf-8')
  })

  test('the checksum is the SHA-256 of the bytes', async ({ assert }) => {
    const info = await inspectFile(fixture('utf8_plain.csv'))
    assert.match(info.checksum, /^[0-9a-f]{64}$/)
    assert.equal(info.checksum, (await inspectFile(fixture('utf8_plain.csv'))).checksum)
    assert.notEqual(info.checksum, (await inspectFile(fixture('utf8_bom.csv'))).checksum)
  })

  test('an empty file and binary data are rejected as a whole', async ({ assert }) => {
    assert.match((await fileError(fixture('empty.csv'))).message, /Filen är tom/)
    assert.match((await fileError(fixture('binary.csv'))).message, /binära data/)
  })
})

test.group('CSV reader / delimiters and headers', () => {
  test('semicolon, comma and TAB are detected from the header row', async ({ assert }) => {
    for (const [name, delimiter] of [
      ['utf8_plain.csv', ';'],
      ['comma.csv', ','],
      ['tab.csv', '\t'],
    ]) {
      const { csv, records } = await readAll(fixture(name))
      assert.equal(csv.delimiter, delimiter, name)
      assert.equal(records[0].values.wait, '12', name)
    }
  })

  test('a header without any delimiter names the expected columns', async ({ assert }) => {
    const error = await fileError(fixture('no_delimiter.csv'))
    assert.equal(error.line, 1)
    assert.include(error.message, 'semikolon')
    assert.include(error.message, 'Kod;Namn;Väntetid')
  })

  test('headers match in any case, order and with or without accents; extra columns are ignored', async ({
    assert,
  }) => {
    const { records } = await readAll(fixture('header_variants.csv'))
    assert.deepEqual(records[0].values, { code: 'SÖD', name: 'Södermalm', wait: '12' })
  })

  test('a missing required column rejects the file and names the column', async ({ assert }) => {
    const error = await fileError(fixture('missing_column.csv'))
    assert.equal(error.line, 1)
    assert.equal(error.column, 'Väntetid')
    assert.include(error.message, 'kolumnen "Väntetid" saknas')
  })

  test('an optional column may be missing', async ({ assert }) => {
    const csv = await openCsv(fixture('missing_column.csv'), [
      { key: 'code', header: 'Kod' },
      { key: 'wait', header: 'Väntetid', required: false },
    ])
    const records = []
    for await (const record of csv.records) records.push(record)
    assert.deepEqual(records[0].values, { code: 'SÖD', wait: '' })
  })
})

test.group('CSV reader / rows and line numbers', () => {
  test('quoted fields keep delimiters, doubled quotes and line breaks; line numbers follow the file', async ({
    assert,
  }) => {
    const { records } = await readAll(fixture('quoted.csv'))
    assert.deepEqual(
      records.map((r) => [r.line, r.values.code, r.values.name]),
      [
        [2, 'A;1', 'Säger "hej"'],
        [4, 'B', 'två\nrader'],
        [5, 'C', 'sista'],
      ]
    )
  })

  test('empty lines and lines of only delimiters are skipped without shifting line numbers', async ({
    assert,
  }) => {
    const { records } = await readAll(fixture('empty_lines.csv'))
    assert.deepEqual(
      records.map((r) => [r.line, r.values.code]),
      [
        [3, 'A'],
        [6, 'B'],
      ]
    )
  })

  test('a header-only file gives no records', async ({ assert }) => {
    const { records } = await readAll(fixture('header_only.csv'))
    assert.lengthOf(records, 0)
  })

  test('a row with too few fields is a row error naming its line', async ({ assert }) => {
    const { records } = await readAll(fixture('short_row.csv'))
    assert.lengthOf(records, 3)
    assert.isUndefined(records[0].error)
    assert.equal(records[1].error?.line, 3)
    assert.match(records[1].error!.message, /^rad 3: raden har 1 fält men rubrikraden har 3/)
    assert.equal(records[2].values.code, 'C')
  })

  test('an unclosed quote rejects the file at its line', async ({ assert }) => {
    const error = await fileError(fixture('bad_quote.csv'))
    assert.match(error.message, /^rad \d+: felaktiga citattecken/)
  })

  test('a 5 MB line rejects the file instead of exhausting memory', async ({ assert }) => {
    const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-'))
    const path = join(dir, 'long.csv')
    await writeFile(path, `Kod;Namn;Väntetid\nA;${'x'.repeat(5 * 1024 * 1024)};1\n`)
    const error = await fileError(path)
    assert.match(error.message, /^rad 2: raden är längre än/)
  })

  test('row errors read as Swedish sentences with line, column and value', ({ assert }) => {
    assert.deepEqual(rowError(17, 'Väntetid', '12s', 'är inte ett heltal'), {
      line: 17,
      column: 'Väntetid',
      message: 'rad 17: Väntetid "12s" är inte ett heltal',
    })
    assert.equal(rowError(3, 'Namn', '', 'saknas').message, 'rad 3: Namn saknas')
  })
})
