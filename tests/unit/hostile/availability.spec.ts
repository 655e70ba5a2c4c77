/**
 * The pure rules behind tests/functional/hostile/availability.spec.ts (issue 11).
 */
import { test } from '@japa/runner'
import { attachmentHeader } from '#services/download'
import { parseOrganisationCode } from '#domain/organisation_rules'
import { isDatabaseUnavailable } from '#services/database_errors'
import { containsNulByte } from '#services/nul_bytes'
import { spawn } from 'node:child_process'

test.group('Download names (RFC 6266)', () => {
  test('a plain ASCII name is sent as it is', ({ assert }) => {
    assert.equal(
      attachmentHeader('kvalitet-2026-10-dagar.csv'),
      'attachment; filename="kvalitet-2026-10-dagar.csv"'
    )
  })

  test('text outside ASCII gets an ASCII fallback and the exact name as UTF-8', ({ assert }) => {
    assert.equal(
      attachmentHeader('manadsrapport-SDF–BROMMA-2026-10.pdf'),
      `attachment; filename="manadsrapport-SDF_BROMMA-2026-10.pdf"; filename*=UTF-8''manadsrapport-SDF%E2%80%93BROMMA-2026-10.pdf`
    )
    assert.equal(
      attachmentHeader('€.csv'),
      `attachment; filename="_.csv"; filename*=UTF-8''%E2%82%AC.csv`
    )
    assert.equal(
      attachmentHeader('Älvsjö.csv'),
      `attachment; filename="Alvsjo.csv"; filename*=UTF-8''%C3%84lvsj%C3%B6.csv`
    )
  })

  test('CR/LF, other control characters and path separators never reach the header', ({
    assert,
  }) => {
    assert.equal(
      attachmentHeader('a\r\nSet-Cookie: x=1.csv'),
      'attachment; filename="a__Set-Cookie: x=1.csv"'
    )
    assert.equal(attachmentHeader('../../etc/passwd'), 'attachment; filename=".._.._etc_passwd"')
    assert.equal(attachmentHeader('x\u0000\u0085y'), 'attachment; filename="x__y"')
  })

  test('a quote cannot end the file name early; RFC 5987 escapes what encodeURIComponent keeps', ({
    assert,
  }) => {
    assert.equal(
      attachmentHeader('a"; filename="evil.exe'),
      `attachment; filename="a_; filename=_evil.exe"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.exe`
    )
    assert.equal(
      attachmentHeader("it's (1)*ö"),
      `attachment; filename="it's (1)*o"; filename*=UTF-8''it%27s%20%281%29%2A%C3%B6`
    )
  })

  test('every header value is printable ASCII, whatever the name', ({ assert }) => {
    for (const name of ['€', '\u2028', 'ü\u0301', '😀.pdf', '%E2%82%AC', '', '\t']) {
      assert.match(attachmentHeader(name), /^[\x20-\x7e]+$/, JSON.stringify(name))
    }
  })
})

test.group('Organisation codes', () => {
  test('A–Z, 0–9 and - are accepted, in capitals', ({ assert }) => {
    assert.deepEqual(parseOrganisationCode(' sdf-bromma '), { ok: true, value: 'SDF-BROMMA' })
    assert.deepEqual(parseOrganisationCode('SF'), { ok: true, value: 'SF' })
  })

  test('an en dash is refused with a hint, other characters by name', ({ assert }) => {
    assert.deepEqual(parseOrganisationCode('SDF–BROMMA'), {
      ok: false,
      message:
        'innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)',
    })
    assert.deepEqual(parseOrganisationCode('SÖD 1'), {
      ok: false,
      message: 'får bara innehålla A–Z, 0–9 och bindestreck (-), inte "Ö", mellanslag',
    })
    assert.deepEqual(parseOrganisationCode('A\r\nB'), {
      ok: false,
      message:
        'får bara innehålla A–Z, 0–9 och bindestreck (-), inte tecknet U+000D, tecknet U+000A',
    })
  })

  test('empty and too long codes are refused', ({ assert }) => {
    assert.deepEqual(parseOrganisationCode('  '), { ok: false, message: 'saknas' })
    assert.deepEqual(parseOrganisationCode('STADSDELSFORVALTNINGEN'), {
      ok: false,
      message: 'är längre än 16 tecken',
    })
  })
})

test.group('Database unavailable or not', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

  test('a refused or cut connection, a server shutting down or a pool timeout is "unavailable"', ({
    assert,
  }) => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Timeout acquiring a connection. The pool is probably full.'), {
        name: 'KnexTimeoutError',
      }),
      new Error('wrapped', { cause: withCode('ECONNREFUSED') }),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'),
    ]) {
      assert.isTrue(isDatabaseUnavailable(error), String(error.message))
    }
  })

  test('a failing query, a bug or a refused value is not', ({ assert }) => {
    for (const error of [
      withCode('42P01', 'relation "forum_threads" does not exist'),
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
      new TypeError("Cannot read properties of undefined (reading 'user')"),
      null,
      'a string',
    ]) {
      assert.isFalse(isDatabaseUnavailable(error), String(error))
    }
  })
})

test.group('NUL bytes in input', () => {
  test('found in strings, keys, arrays and nested objects, also deep ones', ({ assert }) => {
    assert.isTrue(containsNulByte('a\u0000'))
    assert.isTrue(containsNulByte({ ['k\u0000']: 1 }))
    assert.isTrue(containsNulByte({ a: [1, { b: ['x', 'y\u0000'] }] }))
    let deep: unknown = 'z\u0000'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    assert.isTrue(containsNulByte(deep))
  })

  test('absent from ordinary input, including the text "%00" and other control characters', ({
    assert,
  }) => {
    assert.isFalse(
      containsNulByte({ body: 'Hej\r\n\ttab', n: 5, ok: true, none: null, list: ['%00'] })
    )
  })
})

test.group('Markdown render cache', () => {
  test('is bounded by bytes: long posts push out the oldest instead of piling up', async ({
    assert,
  }) => {
    const { renderMarkdown, markdownCacheSize, MARKDOWN_CACHE_BYTES } =
      await import('#services/markdown')
    const long = (n: number) => `Inlägg ${n}: ${'Växeln svarar inom tjugo sekunder. '.repeat(280)}`
    for (let n = 0; n < 600; n++) renderMarkdown(long(n))
    const { bytes, entries } = markdownCacheSize()
    assert.isAtMost(bytes, MARKDOWN_CACHE_BYTES)
    assert.isAbove(bytes, MARKDOWN_CACHE_BYTES / 2)
    assert.isBelow(entries, 600)
  }).timeout(30_000)

  test('a text too large for an eighth of the cache is rendered but not kept', async ({
    assert,
  }) => {
    const { renderMarkdown, markdownCacheSize, MARKDOWN_CACHE_BYTES } =
      await import('#services/markdown')
    const before = markdownCacheSize()
    const huge = 'a'.repeat(MARKDOWN_CACHE_BYTES / 8)
    assert.equal(renderMarkdown(huge), `<p>${huge}</p>\n`)
    assert.deepEqual(markdownCacheSize(), before)
  })
})

test.group('Supervisor of npm start', () => {
  /** A child node process running `code`. */
  const child = (code: string) => () => spawn(process.execPath, ['-e', code], { stdio: 'ignore' })
  const fast = { initialDelayMs: 20, maxDelayMs: 80, resetAfterMs: 60_000 }

  test('a server that crashes is started again, with a back-off and a log line each time', async ({
    assert,
  }) => {
    const { Supervisor } = await import('#services/supervisor')
    const lines: string[] = []
    const supervisor = new Supervisor(child('process.exit(3)'), {
      ...fast,
      log: (line) => lines.push(line),
    })
    const running = supervisor.run()
    while (supervisor.starts < 4) await new Promise((resolve) => setTimeout(resolve, 10))
    supervisor.stop()
    await running
    assert.isAtLeast(lines.length, 3)
    assert.match(
      lines[0],
      /Servern avslutades oväntat \(kod 3\); startar om om 20 ms \(omstart 1\)\.$/
    )
    assert.match(lines[1], /startar om om 40 ms \(omstart 2\)/)
    assert.match(lines[2], /startar om om 80 ms \(omstart 3\)/)
  })

  test('a server killed by a fatal signal is restarted too', async ({ assert }) => {
    const { Supervisor } = await import('#services/supervisor')
    const lines: string[] = []
    const supervisor = new Supervisor(child("process.kill(process.pid, 'SIGKILL')"), {
      ...fast,
      log: (line) => lines.push(line),
    })
    const running = supervisor.run()
    while (supervisor.starts < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    supervisor.stop()
    await running
    assert.match(lines[0], /\(signal SIGKILL\)/)
  })

  test('stopping (Ctrl-C, SIGTERM) ends the running server and starts nothing again', async ({
    assert,
  }) => {
    const { Supervisor } = await import('#services/supervisor')
    const lines: string[] = []
    const supervisor = new Supervisor(child('setInterval(() => {}, 1000)'), {
      ...fast,
      log: (line) => lines.push(line),
    })
    const running = supervisor.run()
    await new Promise((resolve) => setTimeout(resolve, 100))
    supervisor.stop('SIGTERM')
    await running
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.equal(supervisor.starts, 1)
    assert.deepEqual(lines, [])
  })

  test('a server that ends cleanly (exit 0) is not restarted', async ({ assert }) => {
    const { Supervisor } = await import('#services/supervisor')
    const supervisor = new Supervisor(child('process.exit(0)'), fast)
    assert.equal(await supervisor.run(), 0)
    assert.equal(supervisor.starts, 1)
  })

  test('a server that ran long enough counts as healthy: the next crash waits the shortest time again', async ({
    assert,
  }) => {
    const { Supervisor } = await import('#services/supervisor')
    const lines: string[] = []
    const supervisor = new Supervisor(child('setTimeout(() => process.exit(1), 60)'), {
      ...fast,
      resetAfterMs: 50,
      log: (line) => lines.push(line),
    })
    const running = supervisor.run()
    while (supervisor.starts < 3) await new Promise((resolve) => setTimeout(resolve, 10))
    supervisor.stop()
    await running
    assert.match(lines[0], /om 20 ms/)
    assert.match(lines[1], /om 20 ms/)
  })
})
