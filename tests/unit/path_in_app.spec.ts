import { test } from '@japa/runner'
import { isPathInApp } from '#domain/paths'

test.group('isPathInApp: a return path is followed only when it stays in the app', () => {
  test('a path of the app is followed', ({ assert }) => {
    assert.isTrue(isPathInApp('/aterkoppling/3'))
    assert.isTrue(isPathInApp('/samtal/lista?fran=2026-10-01&till=2026-10-31'))
  })

  test('another host, a backslash, whitespace, CR/LF, a control character, an absolute URL or an overlong path are not', ({
    assert,
  }) => {
    for (const path of [
      '//evil.example/x',
      '/\\evil.example',
      '/a b',
      '/a\u0000b',
      '/a\u0007b',
      '/a\r\nLocation: https://evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      `/${'a'.repeat(2000)}`,
    ])
      assert.isFalse(isPathInApp(path), JSON.stringify(path.slice(0, 40)))
    assert.isFalse(isPathInApp(['/x']))
    assert.isFalse(isPathInApp(undefined))
  })
})
