/**
 * The import API and the organisation switch under attack (attack pass of 2026-12-03, issue
 * 16 points 6 and 9): bodies of the wrong shape or type, empty or nameless files, a key of
 * the wrong scope. Each answer is a Swedish refusal that names the real reason, in JSON on
 * the API, and stores nothing.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

const HEADCOUNT = 'Organisation;Månad;Antal anställda\nSDF-BROMMA;2025-10;1250\n'

async function importKey() {
  const user = await UserFactory.merge({ role: 'controller' }).create()
  const token = await User.accessTokens.create(user, ['import'], { name: 'Leverantören' })
  return { user, key: token.value!.release() }
}

async function importCount() {
  const [row] = await db.from('imports').count('* as n')
  return Number(row.n)
}

test.group('Hostile input / the import API', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(async () => {
    await OrganisationFactory.merge({ code: 'SDF-BROMMA', name: 'Bromma' }).create()
  })

  test('a JSON body that is a bare string, malformed JSON or an array is refused in Swedish JSON', async ({
    assert,
  }) => {
    const { key } = await importKey()
    // sent as it is, byte for byte (the api client re-encodes a body it is given)
    const address = `http://${process.env.HOST}:${process.env.PORT}/api/v1/imports/headcount`
    for (const body of ['"abc"', '42', 'true', '{"file": ', '["file"]']) {
      const response = await fetch(address, {
        method: 'POST',
        headers: {
          'authorization': `Bearer ${key}`,
          'content-type': 'application/json',
          'accept': 'text/html',
        },
        body,
      })
      assert.oneOf(response.status, [400, 422], body)
      assert.match(String(response.headers.get('content-type')), /json/, body)
      const answer = (await response.json()) as { errors: { message: string }[] }
      const message = answer.errors[0].message
      assert.match(message, /JSON-objekt|Filen måste fyllas i/, body)
    }
    assert.equal(await importCount(), 0)
  })

  test('a multipart body that cannot be read is a 400 that speaks to a program, not "reload the page"', async ({
    assert,
  }) => {
    const { key } = await importKey()
    const address = `http://${process.env.HOST}:${process.env.PORT}/api/v1/imports/headcount`
    for (const [type, body] of [
      ['multipart/form-data', 'skräp'],
      [
        'multipart/form-data; boundary=xyz',
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
      ],
    ]) {
      const response = await fetch(address, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${key}`, 'content-type': type },
        body,
      })
      assert.equal(response.status, 400, type)
      const message = ((await response.json()) as { errors: { message: string }[] }).errors[0]
        .message
      assert.include(message, 'multipart/form-data', type)
      assert.notInclude(message, 'Ladda om sidan', type)
    }
    assert.equal(await importCount(), 0)
  })

  test('an unknown import kind is 404 whatever the body, a file included', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const withFile = await client
      .post('/api/v1/imports/losenord')
      .bearerToken(key)
      .file('file', Buffer.from(HEADCOUNT), { filename: 'a.csv' })
    withFile.assertStatus(404)
    assert.match(withFile.body().errors[0].message, /finns inte/)
    const empty = await client.post('/api/v1/imports/losenord').bearerToken(key).json({})
    empty.assertStatus(404)
  })

  test('an empty file, or a file with no name, is refused for that reason — not the size limit', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const empty = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', Buffer.alloc(0), { filename: 'anstallda.csv' })
    empty.assertStatus(422)
    assert.match(empty.body().errors[0].message, /tom/)
    assert.notInclude(empty.body().errors[0].message, 'MB')
    const nameless = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', Buffer.from(HEADCOUNT), { filename: '.csv' })
    nameless.assertStatus(422)
    assert.match(nameless.body().errors[0].message, /namn/)
    assert.notInclude(nameless.body().errors[0].message, 'MB')
    assert.equal(await importCount(), 0)
  })

  test('a read key asking for an import is told that the import scope is needed to see imports too', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const delivered = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', Buffer.from(HEADCOUNT), { filename: 'a.csv' })
    delivered.assertStatus(201)
    const reader = await UserFactory.apply('controller').create()
    const readKey = (await User.accessTokens.create(reader, ['read'])).value!.release()
    const refused = await client
      .get(`/api/v1/imports/${delivered.body().import.importId}`)
      .bearerToken(readKey)
    refused.assertStatus(403)
    const message = refused.body().errors[0].message
    assert.notInclude(message, 'får inte lämna filer')
    assert.include(message, 'Importera filer')
    assert.match(message, /se importer/)
  })
})
