import { test } from '@japa/runner'
import { renderMarkdown } from '#services/markdown'
import { lineDiff } from '#domain/text_diff'

const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">klicka</a>',
  '[klicka](javascript:alert(1))',
  '[klicka](JaVaScRiPt:alert(1))',
  '[klicka]( javascript:alert(1))',
  '[klicka](vbscript:msgbox(1))',
  '[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![bild](javascript:alert(1))',
  '<svg onload=alert(1)><circle r="1"/></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '[x](https://ok.example "title" onmouseover=alert(1))',
  '<a href="#" onclick="alert(1)">x</a>',
]

test.group('Markdown rendering', () => {
  for (const payload of XSS_CORPUS) {
    test(`no executable HTML survives: ${payload.slice(0, 40)}`, ({ assert }) => {
      const html = renderMarkdown(payload)
      // raw HTML is shown as text (&lt;…), so only real tags are checked
      assert.notMatch(html, /<(script|img|svg|iframe|div|style)\b/i)
      assert.notMatch(html, /<[^>]*\son\w+=/i)
      assert.notMatch(html, /<a[^>]*href="\s*(javascript|vbscript|data):/i)
    })
  }

  test('ordinary Markdown still renders: headings, lists, emphasis, safe links', ({ assert }) => {
    const html = renderMarkdown(
      '# Växelrutin\n\n- **Svara** inom tre signaler\n- Se [stadens sida](https://stad.example/vaxel)'
    )
    assert.include(html, '<h1>Växelrutin</h1>')
    assert.include(html, '<strong>Svara</strong>')
    assert.include(
      html,
      '<a href="https://stad.example/vaxel" rel="noopener noreferrer">stadens sida</a>'
    )
  })
})

test.group('Line diff', () => {
  test('shows removed and added lines between versions, unchanged lines as such', ({ assert }) => {
    assert.deepEqual(lineDiff('a\nb\nc', 'a\nB\nc\nd'), [
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ])
  })

  test('a 100 000-character routine with one changed line diffs quickly, to the line', ({
    assert,
  }) => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `Rad ${i}: ${'text '.repeat(9)}`)
    const before = lines.join('\n')
    assert.isAtLeast(before.length, 100_000)
    const after = lines.map((line, i) => (i === 1_000 ? 'Ändrad rad' : line)).join('\n')
    const started = performance.now()
    const diff = lineDiff(before, after)
    const elapsed = performance.now() - started
    assert.isBelow(elapsed, 1_000, `took ${elapsed} ms`)
    assert.deepEqual(
      diff.filter((line) => line.kind !== 'same'),
      [
        { kind: 'removed', text: lines[1_000] },
        { kind: 'added', text: 'Ändrad rad' },
      ]
    )
    assert.lengthOf(diff, 2_001)
  })

  test('two versions with nothing in common: every old line removed, every new one added', ({
    assert,
  }) => {
    const before = Array.from({ length: 3_000 }, (_, i) => `gammal ${i}`).join('\n')
    const after = Array.from({ length: 3_000 }, (_, i) => `ny ${i}`).join('\n')
    const diff = lineDiff(before, after)
    assert.equal(diff.filter((line) => line.kind === 'removed').length, 3_000)
    assert.equal(diff.filter((line) => line.kind === 'added').length, 3_000)
    assert.equal(diff.filter((line) => line.kind === 'same').length, 0)
  })
})
