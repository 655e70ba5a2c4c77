import { test } from '@japa/runner'
import {
  isIgnoredName,
  isStable,
  limitBytes,
  recogniseHeader,
  reminderPeriod,
  safeFileName,
  snapshotDateFromName,
  type KindColumns,
} from '#domain/drop_folder'

const required = (header: string): KindColumns =>
  header.split(';').map((name) => ({ key: name, header: name }))
const COLUMNS = {
  calls: required('SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad'),
  supplier_invoice: required(
    'Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp'
  ),
  extensions: required('Anknytning;Organisation;Namn;Typ'),
  headcount: required('Organisation;Månad;Antal anställda'),
  organisations: [
    ...required('Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till'),
    { key: 'connectedFrom', header: 'Ansluten från', required: false },
    { key: 'orgNumber', header: 'Organisationsnummer', required: false },
  ],
}
/** a header row's names (the reader splits them; here `;` or `,`) */
const kindOf = (line: string) => recogniseHeader(line.split(/[;,]/), COLUMNS)

test.group('Drop folder: which import a file is, by its header row', () => {
  test('each kind is recognised by its own columns', ({ assert }) => {
    for (const [kind, columns] of Object.entries(COLUMNS)) {
      const header = columns.filter((c) => c.required !== false).map((c) => c.header)
      assert.equal(recogniseHeader(header, COLUMNS), kind)
    }
  })

  test('a BOM, case, spaces, another order, optional columns and trailing empty columns do not matter', ({
    assert,
  }) => {
    assert.equal(kindOf('\uFEFFantal anställda ; MÅNAD;Organisation\r'), 'headcount')
    assert.equal(kindOf('Anknytning,Organisation,Namn,Typ'), 'extensions')
    assert.equal(kindOf('Organisation;Månad;Antal anstallda;;'), 'headcount')
    assert.equal(
      kindOf('Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till;Organisationsnummer'),
      'organisations'
    )
    assert.equal(
      kindOf('Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till'),
      'organisations'
    )
  })

  test('a missing required column or a column of no kind is no kind', ({ assert }) => {
    assert.isNull(kindOf('Organisation;Månad'))
    assert.isNull(kindOf('Organisation;Månad;Antal anställda;Kommentar'))
    assert.isNull(kindOf('Namn;Telefon'))
    assert.isNull(kindOf(''))
  })
})

test.group('Drop folder: names, growth and limits', () => {
  test('hidden files and transfer names are left alone', ({ assert }) => {
    for (const name of ['.samtal.csv', 'samtal.csv.part', 'a.tmp', 'b.filepart', 'c.csv~']) {
      assert.isTrue(isIgnoredName(name), name)
    }
    assert.isFalse(isIgnoredName('samtal-2026-10.csv'))
  })

  test('a safe name keeps letters, digits, dots, dashes and spaces; nothing else', ({ assert }) => {
    assert.equal(safeFileName('Anställda 2026-10.csv'), 'Anställda 2026-10.csv')
    assert.equal(safeFileName('../../etc/passwd'), '__.._etc_passwd')
    assert.equal(safeFileName('a\nb\u0000c.csv'), 'a_b_c.csv')
    assert.equal(safeFileName(''), 'fil')
    assert.lengthOf(safeFileName('x'.repeat(500)), 150)
    // letters of two bytes: still within the bytes a file name may have
    const long = safeFileName(`${'å'.repeat(200)}.csv`)
    assert.isAtMost(new TextEncoder().encode(long).length, 150)
    assert.isTrue(long.endsWith('å.csv'))
  })

  test('a file is stable only when seen before with the same size and time', ({ assert }) => {
    assert.isFalse(isStable(undefined, { size: 10, mtimeMs: 1 }))
    assert.isFalse(isStable({ size: 5, mtimeMs: 1 }, { size: 10, mtimeMs: 1 }))
    assert.isFalse(isStable({ size: 10, mtimeMs: 1 }, { size: 10, mtimeMs: 2 }))
    assert.isTrue(isStable({ size: 10, mtimeMs: 1 }, { size: 10, mtimeMs: 1 }))
  })

  test('a snapshot date is taken from the name when it is a real date', ({ assert }) => {
    assert.equal(snapshotDateFromName('ank-2025-10-31.csv', '2026-12-03'), '2025-10-31')
    assert.equal(snapshotDateFromName('ank-2025-02-30.csv', '2026-12-03'), '2026-12-03')
    assert.equal(snapshotDateFromName('ank.csv', '2026-12-03'), '2026-12-03')
  })

  test('upload limits in bytes', ({ assert }) => {
    assert.equal(limitBytes('20mb'), 20 * 1024 * 1024)
    assert.equal(limitBytes('200mb'), 200 * 1024 * 1024)
    assert.throws(() => limitBytes('lots'))
  })
})

test.group('Drop folder: when a reminder is due', () => {
  test('from the configured day of the month, about last month', ({ assert }) => {
    assert.isNull(reminderPeriod('2026-11-04', 5))
    assert.equal(reminderPeriod('2026-11-05', 5), '2026-10')
    assert.equal(reminderPeriod('2026-01-28', 5), '2025-12')
  })
})
