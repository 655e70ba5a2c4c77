import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import i18nManager from '@adonisjs/i18n/services/main'
import { coded, joined, month, renderMessage } from '#domain/coded_message'
import { basisMessage } from '#domain/month_end'
import { inDefaultLanguage } from '#services/messages'

/** The reader's i18n, as a controller has it. */
function reader(locale: 'sv' | 'en') {
  const i18n = i18nManager.locale(locale)
  return (stored: unknown) => renderMessage(stored, (key, data) => i18n.t(key, data), i18n.locale)
}

test.group('Coded messages (docs/adr/0023)', () => {
  test('a month parameter is named in the reader’s language', ({ assert }) => {
    const refusal = coded('controlLoop.inputs.late', { ref: month('2026-09'), detail: '' })
    assert.include(reader('sv')(refusal), 'september 2026')
    assert.include(reader('en')(refusal), 'September 2026')
    assert.notInclude(reader('en')(refusal), 'september 2026')
  })

  test('joined parameters are worded one by one and joined with their separator', ({ assert }) => {
    const text = renderMessage(
      coded('x', { parts: joined([coded('a'), month('2026-10'), 'c'], '; ') }),
      (key, data) => (key === 'x' ? String(data.parts) : key.toUpperCase())
    )
    assert.equal(text, 'A; oktober 2026; c')
  })

  test('an invoice line’s basis states the count of the total and the pool amount shared, with ICU’s plural and Swedish grouping', ({
    assert,
  }) => {
    const nbsp = (text: string) => text.replace(/\u00a0/g, ' ')
    assert.equal(
      nbsp(inDefaultLanguage(basisMessage('extensions', 226n, 11_170n, 81_365_700n))),
      '226 av 11 170 anknytningar, andel av 813 657,00 kr'
    )
    assert.equal(
      nbsp(inDefaultLanguage(basisMessage('extensions', 1n, 1n, 100n))),
      '1 av 1 anknytning, andel av 1,00 kr'
    )
    assert.equal(
      nbsp(inDefaultLanguage(basisMessage('headcount', 1n, 1n, 100n))),
      '1 av 1 anställd, andel av 1,00 kr'
    )
    assert.equal(
      nbsp(inDefaultLanguage(basisMessage('headcount', 3n, 2_000n, 100n))),
      '3 av 2 000 anställda, andel av 1,00 kr'
    )
    assert.equal(
      nbsp(reader('en')(basisMessage('extensions', 1n, 2n, 100n))),
      '1 of 2 extensions, share of 1,00 kr'
    )
  })

  test('every code an action or query returns as coded(…) exists in Swedish and English', async ({
    assert,
  }) => {
    // the check can fail: a key that is not there is found missing
    assert.isFalse(i18nManager.locale('sv').hasMessage('monthEnd.refusals.noSuchRefusal'))
    const root = new URL('../../app/', import.meta.url)
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts'))
    const missing: string[] = []
    for (const file of files) {
      const text = await readFile(new URL(file, root), 'utf8')
      for (const match of text.matchAll(/\bcoded\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        for (const locale of ['sv', 'en']) {
          if (!i18nManager.locale(locale).hasMessage(match[1]))
            missing.push(`${locale} ${file}: ${match[1]}`)
        }
      }
    }
    assert.deepEqual(missing, [])
  })
})
