import { test } from '@japa/runner'
import { cachedFormatter } from '#services/icu_formatter'

const PLURAL = '{count, plural, one {# anknytning} other {# anknytningar}}'

test.group('ICU formatter with compiled messages kept', () => {
  test('a kept message is formatted with each call’s values, not with the first call’s', ({
    assert,
  }) => {
    const icu = cachedFormatter()
    assert.equal(icu.format(PLURAL, 'sv', { count: 1 }), '1 anknytning')
    assert.equal(icu.format(PLURAL, 'sv', { count: 226 }), '226 anknytningar')
    assert.equal(icu.format(PLURAL, 'sv', { count: 1 }), '1 anknytning')
  })

  test('the same text is compiled per locale: numbers follow the reader’s language', ({
    assert,
  }) => {
    const icu = cachedFormatter()
    const message = '{n, number} kr'
    assert.equal(icu.format(message, 'sv', { n: 11170.5 }), '11\u00a0170,5 kr')
    assert.equal(icu.format(message, 'en', { n: 11170.5 }), '11,170.5 kr')
  })

  test('a text without values is returned as written, and tags are not parsed', ({ assert }) => {
    const icu = cachedFormatter()
    assert.equal(icu.format('Forum', 'sv', {}), 'Forum')
    assert.equal(icu.format('<b>Svar</b>', 'sv', undefined as never), '<b>Svar</b>')
  })

  test('more distinct texts than are kept still format correctly (the cache starts over)', ({
    assert,
  }) => {
    const icu = cachedFormatter()
    for (let i = 0; i < 5200; i++) icu.format(`Text ${i} {x}`, 'sv', { x: i })
    assert.equal(icu.format('Text 3 {x}', 'sv', { x: 'tre' }), 'Text 3 tre')
    assert.equal(icu.format(PLURAL, 'sv', { count: 2 }), '2 anknytningar')
  })
})
