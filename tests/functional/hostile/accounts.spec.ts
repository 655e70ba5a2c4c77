/**
 * Accounts as an attacker tries them (issue 11, points 12 and 13): guessing the current
 * password from a hijacked session, a stolen password that keeps working in other
 * sessions, weak and guessable passwords, one-time passwords typed by a person or
 * valid for ever, guessing one account's password from many addresses, and forged
 * `X-Forwarded-For` headers.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { configProvider } from '@adonisjs/core'
import proxyaddr from 'proxy-addr'
import type { ApiClient } from '@japa/api-client'
import User from '#models/user'
import { TEST_PASSWORD, UserFactory, createContact } from '#database/factories/user_factory'

const TOO_MANY = 'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.'
const LOCKED =
  'Kontot är spärrat i 15 minuter efter för många misslyckade inloggningsförsök. ' +
  'Har du glömt lösenordet? Be växelsamordnaren om ett engångslösenord.'

function logIn(client: ApiClient, email: string, password: string, forwardedFor?: string) {
  const request = client.post('/logga-in').withCsrfToken().form({ email, password }).redirects(0)
  if (forwardedFor) request.header('X-Forwarded-For', forwardedFor)
  return request
}

function changePassword(
  client: ApiClient,
  user: User,
  currentPassword: string,
  newPassword: string
) {
  return client
    .put('/konto/losenord')
    .loginAs(user)
    .withCsrfToken()
    .form({ currentPassword, newPassword, newPassword_confirmation: newPassword })
    .redirects(0)
}

/** Failed attempts are committed on the limiter's own connection: remove this e-mail's. */
async function forgetAttempts(email: string) {
  await db.connection('limiter').from('rate_limits').whereILike('key', `%${email}%`).delete()
}

/**
 * Run with the HTTP server trusting a proxy on loopback, as it does when TRUSTED_PROXIES
 * names it: the test client then stands for a proxy that forwards many clients.
 */
async function behindTrustedProxy(run: () => Promise<void>) {
  const http = app.config.get<{ trustProxy: unknown }>('app.http')
  const before = http.trustProxy
  http.trustProxy = proxyaddr.compile(['127.0.0.1', '::1'])
  try {
    await run()
  } finally {
    http.trustProxy = before
  }
}

/** The session store the server uses (memory in tests, PostgreSQL in production). */
async function sessionStore() {
  const config = await configProvider.resolve<any>(app, app.config.get('session'))
  return config.stores[config.store](null, config)
}

test.group('Accounts / changing the password', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('wrong current passwords are throttled like logins: after 5 even the right one is refused', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        await changePassword(client, user, `gissning-${attempt}`, 'ett-helt-nytt-lösenord')
      }
      const response = await changePassword(client, user, TEST_PASSWORD, 'ett-helt-nytt-lösenord')
      response.assertFlashMessage(
        'error',
        'För många felaktiga försök med nuvarande lösenord. Försök igen om 15 minuter.'
      )
      await User.verifyCredentials(user.email, TEST_PASSWORD)
      assert.isNull(
        await User.verifyCredentials(user.email, 'ett-helt-nytt-lösenord').catch(() => null)
      )
    } finally {
      await forgetAttempts(`password_change_${user.id}`)
    }
  })

  test("a password change ends the user's other sessions and keeps the current one", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const { user: someoneElse } = await createContact()
    const store = await sessionStore()
    // a session left open on another computer, and another user's session
    await store.write('annan-dator', { auth_web: user.id })
    await store.tag('annan-dator', String(user.id))
    await store.write('kollegans', { auth_web: someoneElse.id })
    await store.tag('kollegans', String(someoneElse.id))

    const response = await changePassword(client, user, TEST_PASSWORD, 'ett-helt-nytt-lösenord')
    response.assertHeader('location', '/oversikt')
    assert.equal(response.session('auth_web'), user.id)
    assert.isNull(await store.read('annan-dator'))
    assert.deepEqual(await store.read('kollegans'), { auth_web: someoneElse.id })
    await store.destroy('kollegans')
  })

  test('a new password shorter than 12 characters is refused', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await changePassword(client, user, TEST_PASSWORD, 'elva-tecken')
    response.assertFlashMessage('inputErrorsBag', {
      newPassword: ['Nytt lösenord måste vara minst 12 tecken'],
    })
  })

  test('a new password that is the e-mail address or its local part is refused', async ({
    client,
  }) => {
    const user = await UserFactory.merge({ email: 'sara.lindqvist@stad.example' }).create()
    for (const newPassword of ['sara.lindqvist@stad.example', 'Sara.Lindqvist']) {
      const response = await changePassword(client, user, TEST_PASSWORD, newPassword)
      response.assertFlashMessage('inputErrorsBag', {
        newPassword: ['Nytt lösenord får inte vara din e-postadress'],
      })
    }
  })

  test('a new password from the list of the 10 000 most common passwords is refused', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    for (const newPassword of ['qwerty123456', '1qaz2wsx3edc', 'QWERTY123456', '123qweasdzxc']) {
      const response = await changePassword(client, user, TEST_PASSWORD, newPassword)
      response.assertFlashMessage('inputErrorsBag', {
        newPassword: [
          'Nytt lösenord är ett av de vanligaste lösenorden och gissas lätt – välj ett annat',
        ],
      })
    }
  })
})

test.group('Accounts / one-time passwords', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the app generates the one-time password of a new user and shows it once; a typed one is ignored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        fullName: 'Sara Ek',
        email: 'sara.ek@stad.example',
        role: 'controller',
        oneTimePassword: 'skrivet-av-samordnaren',
      })
      .redirects(0)
    response.assertStatus(200)
    response.assertHeader('cache-control', 'no-store')
    const shown = /data-one-time-password>([^<]+)</.exec(response.text())?.[1]
    assert.isString(shown)
    assert.lengthOf(shown!, 19)
    assert.notInclude(JSON.stringify(response.flashMessages() ?? {}), shown!)

    const user = await User.verifyCredentials('sara.ek@stad.example', shown!)
    assert.isTrue(user.mustChangePassword)
    assert.isNull(
      await User.verifyCredentials('sara.ek@stad.example', 'skrivet-av-samordnaren').catch(
        () => null
      )
    )
    const row = await db
      .from('users')
      .where('id', user.id)
      .select('one_time_password_expires_at')
      .firstOrFail()
    assert.approximately(
      new Date(row.one_time_password_expires_at).getTime(),
      Date.now() + 7 * 86400_000,
      60_000
    )
  })

  test('a new one-time password is generated by the app and ends the user’s sessions', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const store = await sessionStore()
    await store.write('stulen', { auth_web: user.id })
    await store.tag('stulen', String(user.id))
    const response = await client
      .post(`/administration/anvandare/${user.id}/engangslosenord`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ oneTimePassword: 'skrivet-av-samordnaren' })
      .redirects(0)
    response.assertStatus(200)
    const shown = /data-one-time-password>([^<]+)</.exec(response.text())?.[1]
    await User.verifyCredentials(user.email, shown!)
    assert.isNull(await store.read('stulen'))
  })

  test('an expired one-time password cannot log in and says to ask the coordinator for a new one', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ mustChangePassword: true }).create()
    await db
      .from('users')
      .where('id', user.id)
      .update({ one_time_password_expires_at: new Date(Date.now() - 60_000) })
    try {
      const response = await logIn(client, user.email, TEST_PASSWORD)
      response.assertFlashMessage(
        'error',
        'Ditt engångslösenord har gått ut. Be växelsamordnaren om ett nytt.'
      )
      assert.notProperty(response.session(), 'auth_web')
    } finally {
      await forgetAttempts(user.email)
    }
  })

  test('a one-time password inside its 7 days logs in to the password page', async ({ client }) => {
    const user = await UserFactory.merge({ mustChangePassword: true }).create()
    await db
      .from('users')
      .where('id', user.id)
      .update({ one_time_password_expires_at: new Date(Date.now() + 86400_000) })
    const response = await logIn(client, user.email, TEST_PASSWORD)
    response.assertHeader('location', '/konto/losenord')
  })
})

test.group('Accounts / login limits', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('X-Forwarded-For is not trusted without TRUSTED_PROXIES: forged addresses do not reset the limit', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    try {
      for (let attempt = 1; attempt <= 5; attempt++) {
        await logIn(client, user.email, 'fel', `203.0.113.${attempt}`)
      }
      const response = await logIn(client, user.email, TEST_PASSWORD, '203.0.113.99')
      response.assertFlashMessage('error', TOO_MANY)
    } finally {
      await forgetAttempts(user.email)
    }
  })

  test('behind a trusted proxy the per-address limit counts each forwarded client on its own', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    try {
      await behindTrustedProxy(async () => {
        for (let attempt = 0; attempt < 5; attempt++)
          await logIn(client, user.email, 'fel', '203.0.113.1')
        const blocked = await logIn(client, user.email, TEST_PASSWORD, '203.0.113.1')
        blocked.assertFlashMessage('error', TOO_MANY)
        const other = await logIn(client, user.email, TEST_PASSWORD, '203.0.113.2')
        other.assertHeader('location', '/oversikt')
      })
    } finally {
      await forgetAttempts(user.email)
    }
  })

  test('20 failures from many addresses lock the account for 15 minutes, and the user is told', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    try {
      await behindTrustedProxy(async () => {
        // four guesses from each of five addresses: never five from one
        for (let attempt = 0; attempt < 20; attempt++) {
          const response = await logIn(
            client,
            user.email,
            `gissning-${attempt}`,
            `198.51.100.${attempt % 5}`
          )
          response.assertFlashMessage(
            'error',
            attempt < 19 ? 'Fel e-postadress eller lösenord' : LOCKED
          )
        }
        const fromElsewhere = await logIn(client, user.email, TEST_PASSWORD, '192.0.2.7')
        fromElsewhere.assertFlashMessage('error', LOCKED)
        assert.notProperty(fromElsewhere.session(), 'auth_web')
      })
      const notices = await db.from('notifications').where('user_id', user.id)
      assert.lengthOf(notices, 1)
      assert.equal(notices[0].message_key, 'accountLocked')
      assert.equal(notices[0].mail_status, 'pending')
      assert.include(notices[0].title, '20 misslyckade inloggningsförsök')

      const row = await db
        .connection('limiter')
        .from('rate_limits')
        .where('key', 'like', `%account_${user.email}`)
        .firstOrFail()
      assert.approximately(Number(row.expire), Date.now() + 15 * 60_000, 60_000)
      // 15 minutes later the account opens again
      await db
        .connection('limiter')
        .from('rate_limits')
        .where('key', row.key)
        .update({ expire: Date.now() - 1 })
      const later = await logIn(client, user.email, TEST_PASSWORD, '192.0.2.7')
      later.assertHeader('location', '/oversikt')
    } finally {
      await forgetAttempts(user.email)
    }
  }).timeout(60_000)

  test('an unknown e-mail address is locked the same way, so a lock tells nothing about who exists', async ({
    client,
  }) => {
    const email = 'finns.inte.alls@stad.example'
    try {
      await behindTrustedProxy(async () => {
        for (let attempt = 0; attempt < 20; attempt++) {
          await logIn(client, email, `gissning-${attempt}`, `198.51.100.${attempt % 5}`)
        }
        const response = await logIn(client, email, 'vad-som-helst', '192.0.2.7')
        response.assertFlashMessage('error', LOCKED)
      })
    } finally {
      await forgetAttempts(email)
    }
  }).timeout(60_000)
})
