import { test } from '@japa/runner'
import { asText, neutraliseFormula, toCsv } from '#services/csv_writer'

const body = (csv: string) => csv.slice(1).split('\r\n').slice(1, -1)

test.group('CSV writer / formulas', () => {
  test('text a spreadsheet would run as a formula gets a leading apostrophe', ({ assert }) => {
    assert.equal(
      neutraliseFormula('=HYPERLINK("https://x.example";"Klicka")'),
      `'=HYPERLINK("https://x.example";"Klicka")`
    )
    assert.equal(neutraliseFormula('+46 8 508 000 00'), "'+46 8 508 000 00")
    assert.equal(neutraliseFormula("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0")
    assert.equal(neutraliseFormula('@SUM(A1:A9)'), "'@SUM(A1:A9)")
    assert.equal(neutraliseFormula('\t=1+1'), "'\t=1+1")
    assert.equal(neutraliseFormula('\r=1+1'), "'\r=1+1")
    assert.equal(neutraliseFormula('＝1+1'), "'＝1+1")
  })

  test('numbers stay numbers: a negative amount in Swedish or plain form is not touched', ({
    assert,
  }) => {
    for (const number of ['-12,50', '-1 234,50', '-1\u00a0234,50', '-12.5', '+3', '-7', '0,0001']) {
      assert.equal(neutraliseFormula(number), number)
    }
  })

  test('ordinary text, dates and codes are not touched', ({ assert }) => {
    for (const text of [
      'Bromma stadsdelsförvaltning',
      '2026-10-05',
      'SDF-BROMMA',
      '0850811400',
      "l'été",
      '',
    ]) {
      assert.equal(neutraliseFormula(text), text)
    }
  })

  test('a neutralised cell is still quoted per RFC 4180 when it holds ; " or a line break', ({
    assert,
  }) => {
    const csv = toCsv(
      ['Namn', 'Belopp'],
      [
        ['=1;2', -1250n],
        ['"=x"', '-12,50'],
        ['=a\r\nb', 5],
      ]
    )
    assert.equal(csv, `\ufeffNamn;Belopp\r\n"'=1;2";-1250\r\n"""=x""";-12,50\r\n"'=a\r\nb";5\r\n`)
  })

  test('numeric values passed as numbers are written as they are, negative included', ({
    assert,
  }) => {
    assert.deepEqual(body(toCsv(['A', 'B', 'C'], [[-5, -123456n, null]])), ['-5;-123456;'])
  })
})

test.group('CSV writer / text Excel must not change', () => {
  test('digits with a leading zero, periods and invoice numbers are written ="…" so Excel keeps them as text', ({
    assert,
  }) => {
    assert.deepEqual(
      body(
        toCsv(
          ['a', 'b', 'c', 'd'],
          [[asText('0850811400'), asText('2026-10'), asText('2026-00001'), asText('01000')]]
        )
      ),
      ['"=""0850811400""";"=""2026-10""";"=""2026-00001""";"=""01000"""']
    )
  })

  test('anything else in a text cell is ordinary text, neutralised as always: no formula comes out of it', ({
    assert,
  }) => {
    assert.deepEqual(
      body(
        toCsv(['a', 'b', 'c'], [[asText('SDF-BROMMA'), asText('=1+1'), asText('0850"); =cmd')]])
      ),
      [`SDF-BROMMA;'=1+1;"0850""); =cmd"`]
    )
  })
})
