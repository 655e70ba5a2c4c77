import { test } from '@japa/runner'
import { hasControlCharacter, replaceControlCharacters } from '#domain/plain_text'
import { parseText } from '#domain/swedish_csv'
import { sieAmount, sieNumber, sieString } from '#domain/sie'

test.group('Plain text / control characters', () => {
  test('every C0 and C1 control character, DEL and the Unicode line separators count; letters and spaces do not', ({
    assert,
  }) => {
    const controls = [
      ...Array(0x20).keys(),
      0x7f,
      ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
      0x2028,
      0x2029,
    ]
    for (const code of controls)
      assert.isTrue(hasControlCharacter(`A${String.fromCharCode(code)}B`), code.toString(16))
    for (const text of [
      'Bromma stadsdelsförvaltning',
      'Ansvar 20100 – Kök',
      'Ref Åsa Öberg',
      '\u00a0',
    ]) {
      assert.isFalse(hasControlCharacter(text), text)
    }
    assert.equal(replaceControlCharacters('X\r\n#TRANS\t1'), 'X  #TRANS 1')
  })

  test('a CSV text field with a line break, tab or NUL inside is a row error; around it, it is trimmed', ({
    assert,
  }) => {
    for (const raw of ['X\r\n#TRANS 1930 {} 999999', 'A\tB', 'A\u0000', 'A\u0085B']) {
      assert.deepEqual(parseText(raw, { max: 50 }), {
        ok: false,
        message: 'innehåller radbrytningar, tabbar eller andra kontrolltecken',
      })
    }
    assert.deepEqual(parseText('  20100\r\n', { max: 50 }), { ok: true, value: '20100' })
  })
})

test.group('SIE 4 fields', () => {
  test('a text field is quoted with \\" and \\\\ escaped and no control character left', ({
    assert,
  }) => {
    assert.equal(sieString('Ansvar "7"'), '"Ansvar \\"7\\""')
    assert.equal(sieString('C:\\'), '"C:\\\\"')
    assert.equal(sieString('X\r\n#TRANS 1930 {} 999999'), '"X  #TRANS 1930 {} 999999"')
    assert.equal(sieString('Kontaktcenter – växel'), '"Kontaktcenter - växel"')
    assert.equal(sieString(''), '""')
  })

  test('account and organisation numbers are written bare only when they are digits', ({
    assert,
  }) => {
    assert.equal(sieNumber('6420', 'account'), '6420')
    assert.equal(sieNumber('212000-0142', 'orgnr'), '212000-0142')
    assert.throws(() => sieNumber('6420 "x"', 'account'))
    assert.throws(() => sieNumber('6420\r\n#TRANS', 'account'))
  })

  test('amounts are kronor with a point and two decimals, negative with a minus', ({ assert }) => {
    assert.equal(sieAmount(152142_86n), '152142.86')
    assert.equal(sieAmount(-5n), '-0.05')
    assert.equal(sieAmount(0n), '0.00')
  })
})
