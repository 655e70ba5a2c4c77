/**
 * Hostile: what an anonymous client can make the server store. Every request ran the
 * session and CSRF middleware, and a new visitor's CSRF secret was a new row in
 * `sessions`: anyone could fill the database with GET requests, eight hours at a time.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { HttpVisitor } from '#tests/helpers/browserless_session'
import { usingDatabaseSessions } from '#tests/helpers/database_sessions'

const sessionRows = async () => Number((await db.from('sessions').count('* as n').first())!.n)

test.group('Hostile / anonymous requests store nothing', (group) => {
  group.each.setup(async () => usingDatabaseSessions())

  test('a hundred anonymous page views and form posts leave no session row behind', async ({
    assert,
  }) => {
    const before = await sessionRows()
    const base = `http://${process.env.HOST}:${process.env.PORT}`
    for (let visit = 0; visit < 50; visit++) {
      await fetch(`${base}/logga-in`)
      await fetch(`${base}/logga-in`, {
        method: 'POST',
        body: new URLSearchParams({ email: 'x@y.se', password: 'z' }),
        redirect: 'manual',
      })
    }
    assert.equal(await sessionRows(), before)
  })

  test('a visitor still logs in with the CSRF token of the page (kept in an encrypted cookie), gets one row, and logging out removes it', async ({
    assert,
  }) => {
    const user = await UserFactory.merge({ email: `anonym-${Date.now()}@stad.example` }).create()
    const before = await sessionRows()
    const visitor = new HttpVisitor(`http://${process.env.HOST}:${process.env.PORT}`)
    try {
      await visitor.get('/logga-in')
      assert.equal(await sessionRows(), before)
      const wrong = await visitor.submit('/logga-in', {
        email: user.email,
        password: 'fel-lösenord-12',
      })
      assert.equal(wrong.status, 302)
      assert.include((await visitor.get('/logga-in')).text, 'Fel e-postadress eller lösenord')
      assert.equal(await sessionRows(), before)

      const login = await visitor.submit('/logga-in', {
        email: user.email,
        password: TEST_PASSWORD,
      })
      assert.equal(login.location, '/oversikt')
      assert.equal((await visitor.get('/oversikt')).status, 200)
      assert.equal(await sessionRows(), before + 1)

      const logout = await visitor.submit('/logga-ut', {})
      assert.equal(logout.location, '/logga-in')
      assert.equal(await sessionRows(), before)
      assert.equal((await visitor.get('/oversikt')).location, '/logga-in')
    } finally {
      await db.from('sessions').where('user_id', String(user.id)).delete()
      await db.from('users').where('id', user.id).delete()
    }
  })
})
