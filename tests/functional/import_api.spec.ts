import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { API_IMPORTS_PER_WINDOW } from '#services/api_rate_limit'

const HEADCOUNT = 'Organisation;Månad;Antal anställda\nSDF-BROMMA;2025-10;1250\n'

async function importKey(role: 'samordnare' | 'controller' = 'controller') {
  const user = await UserFactory.merge({ role }).create()
  const token = await User.accessTokens.create(user, ['import'], { name: 'Leverantören' })
  return { user, key: token.value!.release() }
}

const csv = (text: string) => Buffer.from(text, 'utf8')

test.group('Import API', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(async () => {
    await OrganisationFactory.merge({ code: 'SDF-BROMMA', name: 'Bromma' }).create()
  })

  test('a key with the import scope delivers a file: read by the upload code, the same file twice imports once', async ({
    client,
    assert,
  }) => {
    const { user, key } = await importKey()
    const first = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'anstallda.csv' })
    first.assertStatus(201)
    assert.include(first.body().import, {
      status: 'imported',
      read: 1,
      stored: 1,
      file: 'anstallda.csv',
    })
    const second = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'anstallda.csv' })
    second.assertStatus(200)
    assert.equal(second.body().import.status, 'unchanged')
    const rows = await db.from('headcounts').count('* as n').first()
    assert.equal(Number(rows.n), 1)
    const record = await db.from('imports').where('id', first.body().import.importId).firstOrFail()
    assert.equal(Number(record.user_id), user.id)
    const shown = await client
      .get(`/api/v1/imports/${first.body().import.importId}`)
      .bearerToken(key)
    shown.assertStatus(200)
    assert.include(shown.body().import, { status: 'imported', stored: 1 })
    // the unchanged import's warning is worded as its POST answer was, not a code
    const again = await client
      .get(`/api/v1/imports/${second.body().import.importId}`)
      .bearerToken(key)
    assert.lengthOf(again.body().import.warnings, 1)
    assert.match(again.body().import.warnings[0], /^Filen är redan inläst/)
  })

  test('a file through the API is announced to the coordinators like a dropped one, and the import history names the key it came with', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { key } = await importKey()
    const first = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'anstallda.csv' })
    first.assertStatus(201)
    const importId = first.body().import.importId
    const bad = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv('Organisation;Månad;Antal anställda\nOKAND;2025-10;1\n'), {
        filename: 'fel.csv',
      })
    bad.assertStatus(422)
    const notes = await db
      .from('notifications')
      .where('user_id', coordinator.id)
      .where('kind', 'supplier_files')
      .orderBy('id')
    assert.deepEqual(
      notes.map((note) => note.title),
      [
        'Leverantörsfilen anstallda.csv lästes in via import-API:t (nyckeln Leverantören)',
        'Leverantörsfilen fel.csv avvisades (import-API:t, nyckeln Leverantören)',
      ]
    )
    assert.equal(notes[0].url, `/administration/importer/${importId}`)

    const record = await db.from('imports').where('id', importId).firstOrFail()
    assert.equal(record.source, 'api')
    assert.equal(record.source_name, 'Leverantören')
    const history = await client.get('/administration/importer').loginAs(coordinator)
    history.assertTextIncludes('Import-API:t, nyckeln Leverantören')
  })

  test('read-only keys get 403 on the import API, and an import key cannot read', async ({
    client,
    assert,
  }) => {
    const reader = await UserFactory.apply('controller').create()
    const readKey = (await User.accessTokens.create(reader, ['read'])).value!.release()
    const refused = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(readKey)
      .file('file', csv(HEADCOUNT), { filename: 'a.csv' })
    refused.assertStatus(403)
    assert.include(refused.body().errors[0].message, 'får inte lämna filer')
    const { key } = await importKey()
    const reading = await client.get('/api/v1/periods').bearerToken(key)
    reading.assertStatus(403)
    assert.include(reading.body().errors[0].message, 'importnyckel')
    assert.equal(Number((await db.from('imports').count('* as n').first()).n), 0)
  })

  test("a telephony contact's import key is refused", async ({ client }) => {
    const { user } = await createContact()
    const key = (await User.accessTokens.create(user, ['import'])).value!.release()
    const response = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'a.csv' })
    response.assertStatus(403)
  })

  test('a file with bad rows is refused all-or-nothing with the errors in Swedish', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const response = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(`${HEADCOUNT}SDF-OKAND;2025-10;10\n`), { filename: 'fel.csv' })
    response.assertStatus(422)
    assert.equal(response.body().import.status, 'rejected')
    assert.match(response.body().errors[0].message, /rad 3/i)
    const rows = await db.from('headcounts').count('* as n').first()
    assert.equal(Number(rows.n), 0)
  })

  test('a file of another kind than the address says is refused by its header', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const response = await client
      .post('/api/v1/imports/supplier_invoice')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'fel-sort.csv' })
    response.assertStatus(422)
    assert.equal(
      response.body().errors[0].message,
      'Filen ser ut som antal anställda, inte en leverantörsfaktura.'
    )
  })

  test('a file whose header row is another kind is refused 422 before it is read, naming the kind it looks like', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const calls = csv(
      'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\nS1;2025-10-01 08:00:00;0850800000;5;60;kopplat;0850810001;0,50\n'
    )
    const toInvoice = await client
      .post('/api/v1/imports/supplier_invoice')
      .bearerToken(key)
      .file('file', calls, { filename: 'samtal.csv' })
    toInvoice.assertStatus(422)
    assert.equal(
      toInvoice.body().errors[0].message,
      'Filen ser ut som samtalsposter, inte en leverantörsfaktura.'
    )
    // the other way round: a headcount file to the calls address is not queued (no 202)
    const toCalls = await client
      .post('/api/v1/imports/calls')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'anstallda.csv' })
    toCalls.assertStatus(422)
    assert.equal(
      toCalls.body().errors[0].message,
      'Filen ser ut som antal anställda, inte samtalsposter.'
    )
    // a header row that is no known import at all
    const unknown = await client
      .post('/api/v1/imports/calls')
      .bearerToken(key)
      .file('file', csv('a;b;c\n1;2;3\n'), { filename: 'okand.csv' })
    unknown.assertStatus(422)
    assert.match(unknown.body().errors[0].message, /^Rubrikraden känns inte igen/)
    assert.include(unknown.body().errors[0].message, 'samtalsposter')
    assert.equal(Number((await db.from('imports').count('* as n').first()).n), 0)
    assert.equal(
      Number((await db.from('jobs').where('type', 'import_calls').count('* as n').first()).n),
      0
    )
  })

  test('no file, a snapshot without its date, an unknown kind: refused in Swedish', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const empty = await client.post('/api/v1/imports/headcount').bearerToken(key).field('x', '1')
    empty.assertStatus(422)
    assert.deepEqual(empty.body(), {
      errors: [{ field: 'file', message: 'Filen måste fyllas i', rule: 'required' }],
    })
    const snapshot = await client
      .post('/api/v1/imports/extensions')
      .bearerToken(key)
      .file('file', csv('Anknytning;Organisation;Namn;Typ\n0850810001;SDF-BROMMA;A;anknytning\n'), {
        filename: 'ank.csv',
      })
    snapshot.assertStatus(422)
    assert.equal(snapshot.body().errors[0].field, 'asOf')
    const dated = await client
      .post('/api/v1/imports/extensions')
      .bearerToken(key)
      .field('asOf', '2025-10-31')
      .file('file', csv('Anknytning;Organisation;Namn;Typ\n0850810001;SDF-BROMMA;A;anknytning\n'), {
        filename: 'ank.csv',
      })
    dated.assertStatus(201)
    const unknown = await client
      .post('/api/v1/imports/losenord')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: 'a.csv' })
    // no such import: 404 whatever the body, a file refused unread
    unknown.assertStatus(404)
    const nothing = await client.post('/api/v1/imports/losenord').bearerToken(key).json({})
    nothing.assertStatus(404)
  })

  test("a refused file's answer names its own kind's size limit, not the call records'", async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    for (const [kind, size] of [
      ['headcount', '20mb'],
      ['calls', '200mb'],
    ]) {
      const response = await client
        .post(`/api/v1/imports/${kind}`)
        .bearerToken(key)
        .file('file', csv('a;b\n1;2\n'), { filename: 'fil.xlsx' })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].rule, 'file.extname')
      assert.equal(response.body().errors[0].meta.size, size)
    }
  })

  test('a path in the file name is not kept: only a safe name', async ({ client, assert }) => {
    const { key } = await importKey()
    const response = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(HEADCOUNT), { filename: '../../etc/passwd.csv' })
    response.assertStatus(201)
    const record = await db
      .from('imports')
      .where('id', response.body().import.importId)
      .firstOrFail()
    assert.notInclude(record.file_name, '/')
  })

  test('a file over the upload limit of its kind is refused with 413', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const line = 'SDF-BROMMA;2025-10;1250\n'
    const big = `Organisation;Månad;Antal anställda\n${line.repeat(Math.ceil((21 * 1024 * 1024) / line.length))}`
    const response = await client
      .post('/api/v1/imports/headcount')
      .bearerToken(key)
      .file('file', csv(big), { filename: 'stor.csv' })
    response.assertStatus(413)
    assert.include(response.body().errors[0].message, '20 MB')
    assert.equal(Number((await db.from('imports').count('* as n').first()).n), 0)
  })

  test('call records are read in the background: 202 and the import to ask about; another key does not see it', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    const response = await client
      .post('/api/v1/imports/calls')
      .bearerToken(key)
      .file(
        'file',
        csv(
          'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\nS1;2025-10-01 08:00:00;0850800000;5;60;kopplat;0850810001;0,50\n'
        ),
        { filename: 'samtal.csv' }
      )
    response.assertStatus(202)
    const id = response.body().import.importId
    assert.isNumber(id, 'the import id is a number, as GET answers it')
    assert.equal(response.header('location'), `/api/v1/imports/${id}`)
    const job = await db
      .from('jobs')
      .where('type', 'import_calls')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(Number(job.payload.importId), id)
    const { key: other } = await importKey()
    const hidden = await client.get(`/api/v1/imports/${id}`).bearerToken(other)
    hidden.assertStatus(404)
    assert.include(hidden.body().errors[0].message, 'Importen finns inte')
  })

  test('a key delivering too many files in a short time is answered 429 with Retry-After', async ({
    client,
    assert,
  }) => {
    const { key } = await importKey()
    for (let n = 0; n < API_IMPORTS_PER_WINDOW; n++) {
      const response = await client
        .post('/api/v1/imports/headcount')
        .bearerToken(key)
        .field('x', '1')
      response.assertStatus(422)
    }
    const refused = await client.post('/api/v1/imports/headcount').bearerToken(key).field('x', '1')
    refused.assertStatus(429)
    assert.isAbove(Number(refused.header('retry-after')), 0)
    assert.include(refused.body().errors[0].message, 'För många filer')
  })
})

test.group('Import keys in the users admin', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator creates an import key; a read key stays the default', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const integration = await UserFactory.apply('controller').create()
    const created = await client
      .post(`/administration/anvandare/${integration.id}/api-nycklar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Leverantörens SFTP', scope: 'import' })
    created.assertStatus(200)
    assert.include(created.text(), 'Importera filer')
    await client
      .post(`/administration/anvandare/${integration.id}/api-nycklar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Agresso' })
    const refused = await client
      .post(`/administration/anvandare/${integration.id}/api-nycklar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Allt', scope: 'admin' })
    // refused: back to the form, no key made
    assert.notInclude(refused.text(), 'API-nyckeln är skapad')
    const tokens = await User.accessTokens.all(integration)
    assert.sameDeepMembers(
      tokens.map((token) => [token.name, token.abilities]),
      [
        ['Leverantörens SFTP', ['import']],
        ['Agresso', ['read']],
      ]
    )
  })
})
