/**
 * The pure rules behind tests/functional/hostile/availability.spec.ts (issue 11).
 */
import { test } from '@japa/runner'
import { attachmentHeader } from '#services/download'
import { parseOrganisationCode } from '#domain/organisation_rules'

test.group('Download names (RFC 6266)', () => {
  test('a plain ASCII name is sent as it is', ({ assert }) => {
    assert.equal(attachmentHeader('kvalitet-2026-10-dagar.csv'), 'attachment; filename="kvalitet-2026-10-dagar.csv"')
  })

  test('text outside ASCII gets an ASCII fallback and the exact name as UTF-8', ({ assert }) => {
    assert.equal(
      attachmentHeader('manadsrapport-SDF–BROMMA-2026-10.pdf'),
      `attachment; filename="manadsrapport-SDF_BROMMA-2026-10.pdf"; filename*=UTF-8''manadsrapport-SDF%E2%80%93BROMMA-2026-10.pdf`
    )
    assert.equal(attachmentHeader('€.csv'), `attachment; filename="_.csv"; filename*=UTF-8''%E2%82%AC.csv`)
    assert.equal(attachmentHeader('Älvsjö.csv'), `attachment; filename="Alvsjo.csv"; filename*=UTF-8''%C3%84lvsj%C3%B6.csv`)
  })

  test('CR/LF, other control characters and path separators never reach the header', ({ assert }) => {
    assert.equal(attachmentHeader('a\r\nSet-Cookie: x=1.csv'), 'attachment; filename="a__Set-Cookie: x=1.csv"')
    assert.equal(attachmentHeader('../../etc/passwd'), 'attachment; filename=".._.._etc_passwd"')
    assert.equal(attachmentHeader('x\u0000\u0085y'), 'attachment; filename="x__y"')
  })

  test('a quote cannot end the file name early; RFC 5987 escapes what encodeURIComponent keeps', ({ assert }) => {
    assert.equal(attachmentHeader('a"; filename="evil.exe'), `attachment; filename="a_; filename=_evil.exe"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.exe`)
    assert.equal(attachmentHeader("it's (1)*ö"), `attachment; filename="it's (1)*o"; filename*=UTF-8''it%27s%20%281%29%2A%C3%B6`)
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
      message: 'innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)',
    })
    assert.deepEqual(parseOrganisationCode('SÖD 1'), {
      ok: false,
      message: 'får bara innehålla A–Z, 0–9 och bindestreck (-), inte "Ö", mellanslag',
    })
    assert.deepEqual(parseOrganisationCode('A\r\nB'), {
      ok: false,
      message: 'får bara innehålla A–Z, 0–9 och bindestreck (-), inte tecknet U+000D, tecknet U+000A',
    })
  })

  test('empty and too long codes are refused', ({ assert }) => {
    assert.deepEqual(parseOrganisationCode('  '), { ok: false, message: 'saknas' })
    assert.deepEqual(parseOrganisationCode('STADSDELSFORVALTNINGEN'), { ok: false, message: 'är längre än 16 tecken' })
  })
})
