import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { TEST_PASSWORD, UserFactory, createContact } from '#database/factories/user_factory'

test.group('Login and logout', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the first page is the Swedish login page', async ({ client }) => {
    const response = await client.get('/').redirects(5)
    response.assertStatus(200)
    response.assertTextIncludes('<h1>Logga in</h1>')
    response.assertTextIncludes('lang="sv"')
  })

  test('the style sheet is served from public/ to anyone, an unknown file there is a Swedish 404', async ({
    client,
    assert,
  }) => {
    const css = await client.get('/css/app.css')
    css.assertStatus(200)
    assert.match(String(css.header('content-type')), /text\/css/)
    const missing = await client.get('/css/finns-inte.css')
    missing.assertStatus(404)
    missing.assertTextIncludes('lang="sv"')
  })

  test('correct e-mail and password log in and land on the overview', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email.toUpperCase(), password: TEST_PASSWORD })
      .redirects(0)
    response.assertHeader('location', '/oversikt')
    await user.refresh()
    assert.isNotNull(user.lastLoginAt)
  })

  test('a wrong password gives "Fel e-postadress eller lösenord"', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email, password: 'fel-lösenord' })
      .redirects(0)
    response.assertFlashMessage('error', 'Fel e-postadress eller lösenord')
  })

  test('an unknown e-mail gets the same message as a wrong password', async ({ client }) => {
    const response = await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: 'finns.inte@stad.example', password: 'vad-som-helst' })
      .redirects(0)
    response.assertFlashMessage('error', 'Fel e-postadress eller lösenord')
  })

  test('a deactivated user cannot log in', async ({ client }) => {
    const user = await UserFactory.merge({ isActive: false }).create()
    const response = await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email, password: TEST_PASSWORD })
      .redirects(0)
    response.assertFlashMessage('error', 'Fel e-postadress eller lösenord')
  })

  test('a login form without the CSRF token is refused', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/logga-in')
      .form({ email: user.email, password: TEST_PASSWORD })
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/')
    response.assertFlashMessage(
      'error',
      'Formuläret har gått ut eller skickades inte från Växelnavet. Ladda om sidan och försök igen.'
    )
  })

  test('logging out ends the session', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client.post('/logga-ut').loginAs(user).withCsrfToken().redirects(0)
    response.assertHeader('location', '/logga-in')
    response.assertFlashMessage('success', 'Du är utloggad.')
  })

  test('passwords are stored hashed with scrypt', async ({ assert }) => {
    const user = await UserFactory.create()
    const row = await db.from('users').where('id', user.id).first()
    assert.notEqual(row.password, TEST_PASSWORD)
    assert.match(row.password, /^\$scrypt\$/)
  })
})

test.group('Login rate limit', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('after 5 failed attempts even the right password is refused for 15 minutes', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    for (let attempt = 0; attempt < 5; attempt++) {
      await client
        .post('/logga-in')
        .withCsrfToken()
        .form({ email: user.email, password: 'fel' })
        .redirects(0)
    }
    const response = await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email, password: TEST_PASSWORD })
      .redirects(0)
    response.assertFlashMessage(
      'error',
      'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.'
    )
  })

  test('the attempts are counted in PostgreSQL, not in memory, per e-mail and address and per account', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email, password: 'fel' })
      .redirects(0)
    const rows = await db.from('rate_limits').whereILike('key', `%${user.email}%`)
    assert.sameDeepMembers(
      rows.map((row) => [row.key.replace(/^.*?login_/, 'login_'), row.points]),
      [
        [`login_${user.email}_127.0.0.1`, 1],
        [`login_account_${user.email}`, 1],
      ]
    )
  })

  test('a successful login clears the failed attempts', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email, password: 'fel' })
      .redirects(0)
    await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: user.email, password: TEST_PASSWORD })
      .redirects(0)
    const rows = await db.from('rate_limits').whereILike('key', `%${user.email}%`)
    assert.lengthOf(rows, 0)
  })
})

test.group('One-time passwords', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a user with a one-time password must choose a new one before anything else', async ({
    client,
  }) => {
    const user = await UserFactory.merge({ mustChangePassword: true }).create()
    const response = await client.get('/organisationer').loginAs(user).redirects(0)
    response.assertHeader('location', '/konto/losenord')
  })

  test('changing the password requires the current one and clears the flag', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ mustChangePassword: true }).create()
    const wrong = await client
      .put('/konto/losenord')
      .loginAs(user)
      .withCsrfToken()
      .form({
        currentPassword: 'fel',
        newPassword: 'ett-nytt-lösenord',
        newPassword_confirmation: 'ett-nytt-lösenord',
      })
      .redirects(0)
    wrong.assertFlashMessage('inputErrorsBag', {
      currentPassword: ['Nuvarande lösenord stämmer inte'],
    })

    const right = await client
      .put('/konto/losenord')
      .loginAs(user)
      .withCsrfToken()
      .form({
        currentPassword: TEST_PASSWORD,
        newPassword: 'ett-nytt-lösenord',
        newPassword_confirmation: 'ett-nytt-lösenord',
      })
      .redirects(0)
    right.assertHeader('location', '/oversikt')
    const fresh = await User.findOrFail(user.id)
    assert.isFalse(fresh.mustChangePassword)
    await User.verifyCredentials(user.email, 'ett-nytt-lösenord')
  })

  test('a short new password gets a Swedish validation message', async ({ client }) => {
    const { user } = await createContact()
    const response = await client
      .put('/konto/losenord')
      .loginAs(user)
      .withCsrfToken()
      .form({
        currentPassword: TEST_PASSWORD,
        newPassword: 'kort',
        newPassword_confirmation: 'kort',
      })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      newPassword: ['Nytt lösenord måste vara minst 12 tecken'],
    })
  })
})

test.group('Language', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a user can switch the interface to English and back', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const switched = await client
      .post('/sprak')
      .loginAs(user)
      .withCsrfToken()
      .form({ locale: 'en' })
      .redirects(0)
    assert.equal(switched.session().locale, 'en')
    await user.refresh()
    assert.equal(user.locale, 'en')
    const page = await client.get('/oversikt').loginAs(user).withSession({ locale: 'en' })
    page.assertTextIncludes('<html lang="en">')
    page.assertTextIncludes('Overview')
  })
})

test.group('Login rate limit / its own connection', () => {
  test('a login works after the transaction in which an earlier login was counted has ended', async ({
    client,
  }) => {
    // Every functional test runs in a transaction that is rolled back; so does nothing in
    // production, but the limiter must never keep the connection it first ran on.
    await db.beginGlobalTransaction()
    const earlier = await UserFactory.create()
    await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email: earlier.email, password: 'fel' })
      .redirects(0)
    await db.rollbackGlobalTransaction()
    // the pool closes connections that sit idle (as it does after 30 s in a long run)
    await db.manager.close('pg')

    const user = await UserFactory.create()
    try {
      const response = await client
        .post('/logga-in')
        .withCsrfToken()
        .form({ email: user.email, password: TEST_PASSWORD })
        .redirects(0)
      response.assertHeader('location', '/oversikt')
    } finally {
      await user.delete()
    }
  })
})
