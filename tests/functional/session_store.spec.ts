import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { PostgresSessionStore, SESSION_REFRESH_SECONDS } from '#services/session_store'
import { setUserActive } from '#actions/users/save_user'
import { UserFactory, createContact } from '#database/factories/user_factory'

const EIGHT_HOURS = 8 * 3600 * 1000

/** a store as the session middleware makes one: new for every request */
async function newStore() {
  return new PostgresSessionStore(await app.container.make('lucid.db'), '8h', '12h')
}

async function expiresAt(id: string) {
  const row = await db.from('sessions').select('expires_at').where('id', id).firstOrFail()
  return new Date(row.expires_at).getTime()
}

test.group('Sessions in PostgreSQL', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a written session is read back; an expired one is gone and its row deleted', async ({
    assert,
  }) => {
    await (await newStore()).write('s-1', { locale: 'sv', auth_web: 7 })
    assert.deepEqual(await (await newStore()).read('s-1'), { locale: 'sv', auth_web: 7 })
    assert.isNull(await (await newStore()).read('okänd'))

    await db
      .from('sessions')
      .where('id', 's-1')
      .update({ expires_at: new Date(Date.now() - 1000) })
    assert.isNull(await (await newStore()).read('s-1'))
    assert.notExists(await db.from('sessions').where('id', 's-1').first())
  })

  test('session data signed for another session id is not accepted', async ({ assert }) => {
    await (await newStore()).write('s-1', { auth_web: 7 })
    const stolen = await db.from('sessions').select('data').where('id', 's-1').firstOrFail()
    await db
      .table('sessions')
      .insert({ id: 's-2', data: stolen.data, expires_at: new Date(Date.now() + EIGHT_HOURS) })
    assert.isNull(await (await newStore()).read('s-2'))
  })

  test('the stored payload is encrypted, and a row from before encryption (signed only) is no session', async ({
    assert,
  }) => {
    const { MessageBuilder } = await import('@adonisjs/core/helpers')
    await (await newStore()).write('s-1', { locale: 'sv', auth_web: 7 })
    const stored = await db.from('sessions').select('data').where('id', 's-1').firstOrFail()
    assert.notInclude(
      Buffer.from(String(stored.data).split('.')[0], 'base64url').toString(),
      'auth_web'
    )
    const signedOnly = new MessageBuilder().build({ auth_web: 7 }, undefined, 's-2')
    await db
      .table('sessions')
      .insert({ id: 's-2', data: signedOnly, expires_at: new Date(Date.now() + EIGHT_HOURS) })
    assert.isNull(await (await newStore()).read('s-2'))
  })

  test('a request that changes nothing writes no new expiry while the stored one is under five minutes old', async ({
    assert,
  }) => {
    await (await newStore()).write('s-1', { auth_web: 7 })
    const written = await expiresAt('s-1')
    const store = await newStore()
    await store.read('s-1')
    await store.touch('s-1')
    assert.equal(await expiresAt('s-1'), written)
  })

  test('an older expiry is renewed to eight hours from now, so the session slides with activity', async ({
    assert,
  }) => {
    await (await newStore()).write('s-1', { auth_web: 7 })
    const old = Date.now() + EIGHT_HOURS - (SESSION_REFRESH_SECONDS + 60) * 1000
    await db
      .from('sessions')
      .where('id', 's-1')
      .update({ expires_at: new Date(old) })
    const store = await newStore()
    await store.read('s-1')
    await store.touch('s-1')
    const renewed = await expiresAt('s-1')
    assert.isAbove(renewed, old)
    assert.approximately(renewed, Date.now() + EIGHT_HOURS, 60_000)
  })

  test('a session tagged with its user at login is deleted when the coordinator deactivates the user', async ({
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const store = await newStore()
    await store.tag('s-1', contact.id)
    await store.write('s-1', { auth_web: contact.id })
    assert.lengthOf(await store.tagged(String(contact.id)), 1)

    await setUserActive(contact, false, coordinator.id)
    assert.notExists(await db.from('sessions').where('id', 's-1').first())
  })
})
