import { test } from '@japa/runner'
import {
  hasControlCharacter,
  hasControlCharacterInText,
  replaceControlCharacters,
} from '#domain/plain_text'
import { parseGuestEmails } from '#domain/meetings'
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

  test('the bidi overrides and isolates count as control characters in one-line text (a name that reads backwards)', ({
    assert,
  }) => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])
      assert.isTrue(hasControlCharacter(`A${String.fromCharCode(code)}B`), code.toString(16))
    // the right-to-left mark of Arabic or Hebrew text is a letter's companion, not an override
    assert.isFalse(hasControlCharacter('\u200fשלום'))
  })

  test('multi-line text keeps line breaks and tabs but no other control character', ({
    assert,
  }) => {
    assert.isFalse(hasControlCharacterInText('Rad ett\r\nRad två\n\tindrag'))
    for (const code of [
      0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x85, 0x2028, 0x2029, 0x202e, 0x2066,
    ])
      assert.isTrue(hasControlCharacterInText(`A${String.fromCharCode(code)}B`), code.toString(16))
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

test.group('Meeting guests / e-mail addresses', () => {
  test('an address with a control character, a line or paragraph separator or a bidi override is refused, naming it visibly', ({
    assert,
  }) => {
    for (const hidden of ['\u0001', '\u007f', '\u2028', '\u2029', '\u202e', '\u2066', '\u001b']) {
      const result = parseGuestEmails(`ok@leverantor.example\nan${hidden}na@leverantor.example`)
      assert.isFalse(result.ok, JSON.stringify(hidden))
      if (!result.ok) {
        assert.equal(result.error, 'guestEmailControlCharacter')
        assert.notInclude(String(result.params.email), hidden)
      }
    }
    const clean = parseGuestEmails('anna@leverantor.example\r\nbo@leverantor.example')
    assert.deepEqual(clean, {
      ok: true,
      emails: ['anna@leverantor.example', 'bo@leverantor.example'],
    })
  })
})
