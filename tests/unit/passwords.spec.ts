import { test } from '@japa/runner'
import { dictionary } from '@zxcvbn-ts/language-common'
import { oneTimePasswordExpired, oneTimePasswordExpiry, passwordRefusal } from '#domain/passwords'
import { checkPassword, generateOneTimePassword, isCommonPassword } from '#services/passwords'
import { trustedProxies } from '#services/trusted_proxies'
import { DEMO_PASSWORD, DEMO_USERS } from '#database/demo/organisations'

const never = () => false

test.group('Password rules', () => {
  test('12 characters are enough, 11 are not; letters like å count once', ({ assert }) => {
    assert.equal(passwordRefusal('elva-tecken', 'a@stad.example', never), 'minLength')
    assert.isNull(passwordRefusal('tolv-tecken!', 'a@stad.example', never))
    assert.isNull(passwordRefusal('åäöåäöåäöåäö', 'a@stad.example', never))
    assert.equal(passwordRefusal('x'.repeat(201), 'a@stad.example', never), 'maxLength')
  })

  test('the e-mail address and its local part are refused in any case', ({ assert }) => {
    const email = 'sara.lindqvist@stad.example'
    assert.equal(passwordRefusal('SARA.LINDQVIST@stad.example', email, never), 'email')
    assert.equal(passwordRefusal('Sara.Lindqvist', email, never), 'email')
    assert.isNull(passwordRefusal('sara.lindqvist-2026', email, never))
  })

  test('common passwords from the list are refused, without regard to case', ({ assert }) => {
    for (const common of ['qwerty123456', '1qaz2wsx3edc', 'Leavemealone', '123456654321']) {
      assert.equal(checkPassword(common, 'a@stad.example'), 'common', common)
    }
    assert.isTrue(isCommonPassword('password'))
    assert.isTrue(isCommonPassword('123456'))
    assert.isFalse(isCommonPassword('växel-hösten-2026!'))
  })

  test('the list is the 10 000 most common: rank 10 000 is in it, lower ranks are not', ({
    assert,
  }) => {
    const ranked = dictionary['passwords-common'] as string[]
    assert.isTrue(isCommonPassword(ranked[9999]))
    const top = new Set(ranked.slice(0, 10_000).map((entry) => entry.toLowerCase()))
    const later = ranked.slice(10_000).filter((entry) => !top.has(entry.toLowerCase()))
    assert.isFalse(isCommonPassword(later[0]))
  })

  test('the demo password is not among the common ones and passes the rules for the demo accounts', ({
    assert,
  }) => {
    assert.equal(DEMO_PASSWORD, 'vaxelnavet-demo')
    assert.isFalse(isCommonPassword(DEMO_PASSWORD))
    for (const user of DEMO_USERS)
      assert.isNull(checkPassword(DEMO_PASSWORD, user.email), user.email)
  })
})

test.group('One-time passwords', () => {
  test('are generated from an unambiguous alphabet, four groups of four, never the same twice', ({
    assert,
  }) => {
    const generated = Array.from({ length: 1000 }, () => generateOneTimePassword())
    for (const password of generated)
      assert.match(password, /^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/)
    assert.equal(new Set(generated).size, 1000)
  })

  test('expire 7 days after they are set, and only while the user must still change them', ({
    assert,
  }) => {
    const setAt = new Date('2026-12-01T09:00:00Z')
    const expiresAt = oneTimePasswordExpiry(setAt)
    assert.equal(expiresAt.toISOString(), '2026-12-08T09:00:00.000Z')
    const user = { mustChangePassword: true, oneTimePasswordExpiresAt: expiresAt }
    assert.isFalse(oneTimePasswordExpired(user, new Date('2026-12-08T08:59:59Z')))
    assert.isTrue(oneTimePasswordExpired(user, new Date('2026-12-08T09:00:00Z')))
    assert.isFalse(
      oneTimePasswordExpired({ ...user, mustChangePassword: false }, new Date('2027-01-01'))
    )
    assert.isFalse(
      oneTimePasswordExpired(
        { mustChangePassword: true, oneTimePasswordExpiresAt: null },
        new Date('2027-01-01')
      )
    )
  })
})

test.group('Trusted proxies', () => {
  test('without TRUSTED_PROXIES no proxy is trusted, not even loopback', ({ assert }) => {
    assert.isFalse(trustedProxies(undefined))
    assert.isFalse(trustedProxies(' , '))
  })

  test('TRUSTED_PROXIES lists addresses and ranges, separated by commas', ({ assert }) => {
    const trust = trustedProxies('10.0.0.5, 10.1.0.0/16,loopback')
    assert.isFunction(trust)
    if (!trust) return
    assert.isTrue(trust('10.0.0.5', 0))
    assert.isTrue(trust('10.1.200.3', 0))
    assert.isTrue(trust('127.0.0.1', 0))
    assert.isFalse(trust('10.2.0.1', 0))
    assert.isFalse(trust('203.0.113.9', 0))
  })

  test('a value that is no address stops the start with the reason', ({ assert }) => {
    assert.throws(() => trustedProxies('proxy.stad.se'), /invalid IP address/)
  })
})
