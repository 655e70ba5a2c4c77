/**
 * Availability under hostile input and failing machines (issue 11, points 1–6, 11 and 14):
 * no request may crash the process, fill the disk, leak SQL or keep a page in a cache.
 *
 * A crash of the server is an uncaught exception in this very process (the test server
 * runs here); `watchCrashes` catches them, so a defect fails its test instead of ending
 * the run.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { periodWithShares } from '#tests/helpers/month_end_fixtures'
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { randomUUID } from 'node:crypto'
import Tokens from 'csrf'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Import from '#models/import'
import { createHash } from 'node:crypto'
import { storagePath } from '#services/storage'
import Organisation from '#models/organisation'
import { importOrganisations } from '#actions/organisations/import_organisations'
import { TEST_PASSWORD, UserFactory, createContact } from '#database/factories/user_factory'
import { cookieJar, databaseProxy, startAppProcess } from '#tests/helpers/app_process'
import pg from 'pg'
import { databaseSettings } from '#services/database_settings'
import { OrganisationFactory } from '#database/factories/organisation_factory'

/** Uncaught exceptions and unhandled rejections while the returned watcher is on. */
function watchCrashes() {
  const crashes: unknown[] = []
  const record = (error: unknown) => crashes.push(error)
  process.on('uncaughtException', record)
  process.on('unhandledRejection', record)
  return {
    crashes,
    /** waits a moment for late errors (a header written after the handler), then stops */
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 50))
      process.off('uncaughtException', record)
      process.off('unhandledRejection', record)
      return crashes.map((error) => String((error as Error)?.message ?? error))
    },
  }
}

/** An organisation whose code was stored before codes were restricted (legacy data). */
async function legacyOrganisation(code: string) {
  // the CHECK constraint of migration 0029 forbids it now; this test's transaction drops it
  await db.rawQuery('ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_code_format')
  return OrganisationFactory.merge({ code }).create()
}

test.group('Hostile input / downloads never crash the server', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('hostile ?vy values and organisation codes in a download name are answered, and the next request works', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const organisation = await legacyOrganisation('SDF–BROMMA')
    await periodWithShares('2026-10', [{ organisationId: organisation.id, amountOre: 1000 }], {
      status: 'draft',
    })

    const hostile = [
      '/samtal/2026-10/dagar?vy=%E2%82%AC',
      '/samtal/2026-10/dagar?vy=dagar%0D%0ASet-Cookie:%20x=1',
      '/samtal/2026-10/dagar?vy=%22%3B%20filename%3D%22evil.exe',
      '/samtal/2026-10/dagar?vy=dagar&vy=trend',
      '/samtal/2026-10/dagar?vy=trend',
      `/samtal/2026-10/organisation/${organisation.id}`,
      `/kostnadsfordelning/2026-10/TELEFONIST/${organisation.id}?format=csv`,
      `/kostnadsfordelning/2026-10/%E2%82%AC%0D%0A/${organisation.id}?format=csv`,
      '/anknytningar/export?per=%E2%82%AC%0D%0A',
    ]
    const failures: string[] = []
    for (const url of hostile) {
      const watcher = watchCrashes()
      const response = await client
        .get(url)
        .loginAs(user)
        .redirects(0)
        .timeout(5000)
        .catch(() => null)
      const crashes = await watcher.stop()
      if (!response) failures.push(`${url}: no answer within 5 s ${crashes.join('; ')}`)
      else if (crashes.length > 0 || response.status() >= 500)
        failures.push(`${url}: ${response.status()} ${crashes.join('; ')}`)
      const disposition = response?.header('content-disposition')
      if (disposition && /[^\x20-\x7e]/.test(disposition))
        failures.push(`${url}: header outside ASCII: ${disposition}`)
      const next = await client.get('/oversikt').loginAs(user)
      if (next.status() !== 200) failures.push(`${url}: the next request got ${next.status()}`)
    }
    assert.deepEqual(failures, [])
  })

  test('a ?vy outside the allow-list is a 400 with a Swedish message, never a file name', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    for (const vy of ['€', '"; filename="evil.exe', 'dagar\r\nX: 1']) {
      // (before the fix the server never answered: the crash came after the error handler)
      const response = await client
        .get('/samtal/2026-10/dagar')
        .qs({ vy })
        .loginAs(user)
        .redirects(0)
        .timeout(5000)
      response.assertStatus(400)
      response.assertTextIncludes('Okänd vy för nedladdningen')
      response.assertHeaderMissing('content-disposition')
    }
  })

  test('other download choices are allow-listed too: an unknown ?format is a 400, an odd cost pool is no route', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    const evidence = await client
      .get(`/kostnadsfordelning/2026-10/TELEFONIST/${organisation.id}`)
      .qs({ format: 'x€' })
      .loginAs(user)
      .redirects(0)
    evidence.assertStatus(400)
    evidence.assertTextIncludes('Okänt format för nedladdningen. Välj ett av: csv.')
    const finance = await client
      .get('/kostnadsfordelning/2026-10/ekonomiexport')
      .qs({ format: 'pdf' })
      .loginAs(user)
      .redirects(0)
    finance.assertStatus(400)
    finance.assertTextIncludes('Okänt format för nedladdningen. Välj ett av: csv, sie.')
    const pool = await client
      .get(`/kostnadsfordelning/2026-10/telefonist%0D%0A/${organisation.id}`)
      .qs({ format: 'csv' })
      .loginAs(user)
      .redirects(0)
    pool.assertStatus(404)
  })
})

test.group('Hostile input / organisation codes are A–Z, 0–9 and - only', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the form refuses an en dash by name and stores a lower-case code in capitals', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const form = {
      name: 'Bromma stadsdelsförvaltning',
      kind: 'forvaltning',
      activeFrom: '2009-01-01',
    }
    const refused = await client
      .post('/organisationer')
      .loginAs(user)
      .withCsrfToken()
      .form({ ...form, code: 'SDF–BROMMA' })
      .redirects(0)
    refused.assertStatus(302)
    refused.assertFlashMessage('inputErrorsBag', {
      code: [
        'Kod innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)',
      ],
    })
    const spaces = await client
      .post('/organisationer')
      .loginAs(user)
      .withCsrfToken()
      .form({ ...form, code: 'SDF BRÖMMA' })
      .redirects(0)
    spaces.assertFlashMessage('inputErrorsBag', {
      code: ['Kod får bara innehålla A–Z, 0–9 och bindestreck (-), inte mellanslag, "Ö"'],
    })
    assert.isNull(await Organisation.findBy('name', form.name))

    await client
      .post('/organisationer')
      .loginAs(user)
      .withCsrfToken()
      .form({ ...form, code: 'sdf-bromma' })
      .redirects(0)
    assert.equal((await Organisation.findByOrFail('name', form.name)).code, 'SDF-BROMMA')
  })

  test('the import rejects a row whose code holds an en dash, naming it', async ({ assert }) => {
    const dir = app.tmpPath('test-hostile')
    await mkdir(dir, { recursive: true })
    const file = join(dir, 'organisationer-tankstreck.csv')
    await writeFile(
      file,
      'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till\r\nSDF–BROMMA;Bromma;förvaltning;20100;;2009-01-01;\r\n'
    )
    const result = await importOrganisations({
      filePath: file,
      fileName: 'organisationer.csv',
      userId: null,
    })
    assert.equal(result.status, 'rejected')
    assert.equal(
      result.errors[0].message,
      'rad 2: Kod "SDF–BROMMA" innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)'
    )
    assert.isNull(await Organisation.findBy('name', 'Bromma'))
  })

  test('the database itself refuses a code outside the format (CHECK constraint)', async ({
    assert,
  }) => {
    const row = (code: string) => ({
      code,
      name: code,
      kind: 'forvaltning',
      active_from: '2009-01-01',
      created_at: new Date(),
      updated_at: new Date(),
    })
    await db.table('organisations').insert(row('SDF-BROMMA'))
    await assert.rejects(
      () => db.table('organisations').insert(row('SDF–FARSTA')),
      /organisations_code_format/
    )
  })
})

test.group('Hostile input / the organisation code migration checks existing rows', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('with a stored en dash the migration stops, naming the code and its fix, and changes nothing', async ({
    assert,
  }) => {
    const bad = await legacyOrganisation('SDF–BROMMA')
    await OrganisationFactory.merge({ code: 'SDF-FARSTA' }).create()
    const { default: Migration } =
      await import('#database/migrations/0034_check_organisation_codes')
    const migration = new Migration(
      db.connection(),
      'database/migrations/0034_check_organisation_codes.ts',
      false
    )
    const error = await migration.execUp().then(
      () => null,
      (failure: Error) => failure
    )
    assert.instanceOf(error, Error)
    assert.include(error!.message, `"SDF–BROMMA" (id ${bad.id})`)
    assert.include(
      error!.message,
      `UPDATE organisations SET code = 'SDF-BROMMA' WHERE id = ${bad.id};`
    )
    assert.notInclude(error!.message, 'SDF-FARSTA')
    assert.equal((await Organisation.findOrFail(bad.id)).code, 'SDF–BROMMA')
  })
})

/**
 * Files in the temp folders (the system's and the app's tmp/uploads) changed since `since`
 * that hold `marker`: what an upload left behind.
 */
async function leftovers(marker: string, since: number) {
  const found: string[] = []
  for (const dir of [tmpdir(), app.tmpPath('uploads')]) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      if (!entry.isFile()) continue
      const path = join(dir, entry.name)
      const info = await stat(path).catch(() => null)
      if (!info || info.mtimeMs < since - 2000 || info.size > 64 * 1024 * 1024) continue
      if ((await readFile(path).catch(() => Buffer.alloc(0))).includes(marker)) found.push(path)
    }
  }
  return found
}

const ORGANISATIONS_HEADER = 'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till'

test.group(
  'Hostile input / uploads are read only where expected and leave nothing behind',
  (group) => {
    group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

    test('an anonymous multipart POST, to any address, stores no file', async ({
      client,
      assert,
    }) => {
      const marker = `anonym-${randomUUID()}`
      const since = Date.now()
      for (const url of [
        '/logga-in',
        '/finns-inte',
        '/administration/import/organisations',
        '/forum/1/svar',
      ]) {
        const response = await client
          .post(url)
          .field('body', 'x')
          .file('file', Buffer.from(`${marker}\n`.repeat(1000)), { filename: 'a.csv' })
          .redirects(0)
        assert.isBelow(response.status(), 500, url)
      }
      const refused = await client
        .post('/logga-in')
        .file('file', Buffer.from(marker), { filename: 'a.csv' })
        .redirects(0)
      assert.deepEqual(await leftovers(marker, since), [])
      refused.assertStatus(415)
      refused.assertTextIncludes('Filer kan bara skickas från en sida för uppladdning.')
    })

    test('an accepted upload, a refused one, a forbidden one and one without a CSRF token leave no temp file', async ({
      client,
      assert,
    }) => {
      const coordinator = await UserFactory.create()
      const { user: contact } = await createContact()
      const marker = `uppladdad-${randomUUID()}`
      const since = Date.now()
      const csv = Buffer.from(
        `${ORGANISATIONS_HEADER}\r\nMARK;${marker};förvaltning;1;;2009-01-01;\r\n`
      )

      const accepted = await client
        .post('/administration/import/organisations')
        .loginAs(coordinator)
        .withCsrfToken()
        .file('file', csv, { filename: 'org.csv' })
        .redirects(0)
      accepted.assertStatus(302)
      assert.match(accepted.header('location')!, /^\/administration\/importer\/\d+$/)
      assert.equal((await Organisation.findByOrFail('code', 'MARK')).name, marker)

      const wrongType = await client
        .post('/administration/import/organisations')
        .loginAs(coordinator)
        .withCsrfToken()
        .file('file', csv, { filename: 'org.exe' })
        .redirects(0)
      wrongType.assertStatus(302)
      wrongType.assertFlashMessage('inputErrorsBag', {
        file: ['Filen måste vara en CSV-fil (.csv eller .txt)'],
      })

      const forbidden = await client
        .post('/administration/import/organisations')
        .loginAs(contact)
        .withCsrfToken()
        .file('file', csv, { filename: 'org.csv' })
        .redirects(0)
      forbidden.assertStatus(403)

      const importsBefore = await Import.query().count('* as total').first()
      const noToken = await client
        .post('/administration/import/organisations')
        .loginAs(coordinator)
        .file('file', csv, { filename: 'org.csv' })
        .redirects(0)
      noToken.assertStatus(302)
      noToken.assertFlashMessage(
        'error',
        'Formuläret har gått ut eller skickades inte från Växelnavet. Ladda om sidan och försök igen.'
      )
      assert.equal(
        (await Import.query().count('* as total').first())!.$extras.total,
        importsBefore!.$extras.total
      )

      // the token as a browser sends it: a field of the multipart body, read after authorisation
      const tokens = new Tokens()
      const secret = await tokens.secret()
      const inBody = await client
        .post('/administration/import/organisations')
        .loginAs(coordinator)
        .withSession({ 'csrf-secret': secret })
        .field('_csrf', tokens.create(secret))
        .file('file', csv, { filename: 'org.csv' })
        .redirects(0)
      inBody.assertStatus(302)
      assert.match(inBody.header('location')!, /^\/administration\/importer\/\d+$/)

      const calls = await client
        .post('/administration/import/calls')
        .loginAs(coordinator)
        .withCsrfToken()
        .file('file', Buffer.from(`SamtalsID;${marker}\n`), { filename: 'samtal.csv' })
        .redirects(0)
      calls.assertStatus(302)

      assert.deepEqual(await leftovers(marker, since), [])
    })

    test('every upload route checks the CSRF token once it has read the body', async ({
      client,
      assert,
    }) => {
      const { UPLOAD_ROUTES } = await import('#services/uploads')
      const coordinator = await UserFactory.create()
      const [meeting] = await db
        .table('meetings')
        .insert({
          title: 'Träff',
          starts_at: new Date('2026-12-01T09:00:00Z'),
          ends_at: new Date('2026-12-01T10:00:00Z'),
          place: 'Stadshuset',
        })
        .returning('id')
      // each route tried as a user it authorises (orders are placed by an organisation's contact)
      const { user: contact } = await createContact()
      const urls: Record<string, [string, typeof coordinator]> = {
        'imports.store': ['/administration/import/organisations', coordinator],
        'meetings.publish_minutes': [
          `/natverkstraffar/${meeting.id}/minnesanteckningar`,
          coordinator,
        ],
        'extension_orders.upload': ['/anknytningar/bestallningar/fil', contact],
      }
      // the import API (helper F) takes a bearer token, never the session's cookie, so there
      // is no CSRF token to check: a browser session is refused before the body is read
      const apiUrls: Record<string, string> = { 'api.imports.store': '/api/v1/imports/headcount' }
      assert.sameMembers(
        [...UPLOAD_ROUTES],
        [...Object.keys(urls), ...Object.keys(apiUrls)],
        'every upload route is tried here'
      )
      for (const url of Object.values(apiUrls)) {
        const response = await client
          .post(url)
          .loginAs(coordinator)
          .file('file', Buffer.from('x'), { filename: 'a.csv' })
          .redirects(0)
        response.assertStatus(401)
      }
      for (const [url, user] of Object.values(urls)) {
        const response = await client
          .post(url)
          .loginAs(user)
          .field('minutes', 'Text')
          .file('file', Buffer.from('x'), { filename: 'a.csv' })
          .redirects(0)
        response.assertStatus(302)
        response.assertFlashMessage(
          'error',
          'Formuläret har gått ut eller skickades inte från Växelnavet. Ladda om sidan och försök igen.'
        )
      }
      assert.isNull((await db.from('meetings').where('id', meeting.id).firstOrFail()).minutes)
    })

    test('an upload larger than its route allows is a 413 in Swedish and leaves nothing', async ({
      client,
      assert,
    }) => {
      const coordinator = await UserFactory.create()
      const marker = `stor-${randomUUID()}`
      const since = Date.now()
      const big = Buffer.alloc(21 * 1024 * 1024, `${marker}\n`)
      const response = await client
        .post('/administration/import/organisations')
        .loginAs(coordinator)
        .withCsrfToken()
        .file('file', big, { filename: 'stor.csv' })
        .redirects(0)
      response.assertStatus(413)
      response.assertTextIncludes('Filen är för stor: högst 20 MB kan skickas här.')
      assert.deepEqual(await leftovers(marker, since), [])
      const next = await client.get('/oversikt').loginAs(coordinator)
      next.assertStatus(200)
    }).timeout(60_000)

    test('a file name longer than 255 characters is refused in Swedish, for a register and a call upload, and stores no import', async ({
      client,
      assert,
    }) => {
      const coordinator = await UserFactory.create()
      const importsBefore = Number(
        (await Import.query().count('* as total').first())!.$extras.total
      )
      const csv = Buffer.from(
        `${ORGANISATIONS_HEADER}\r\nLANGT;Långt namn;förvaltning;1;;2009-01-01;\r\n`
      )
      for (const type of ['organisations', 'calls']) {
        const response = await client
          .post(`/administration/import/${type}`)
          .loginAs(coordinator)
          .withCsrfToken()
          .file('file', csv, { filename: `${'å'.repeat(252)}.csv` })
          .redirects(0)
        assert.equal(response.status(), 302, type)
        response.assertFlashMessage('inputErrorsBag', {
          file: ['Filens namn är för långt (högst 255 tecken): byt namn på filen och försök igen'],
        })
      }
      const accepted = await client
        .post('/administration/import/organisations')
        .loginAs(coordinator)
        .withCsrfToken()
        .file('file', csv, { filename: `${'å'.repeat(251)}.csv` })
        .redirects(0)
      assert.match(accepted.header('location') ?? '', /^\/administration\/importer\/\d+$/)
      assert.equal(
        Number((await Import.query().count('* as total').first())!.$extras.total),
        importsBefore + 1
      )
    })
  }
)

test.group("Hostile input / ids outside the database's range", (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("an id in an address beyond PostgreSQL's integer range is a Swedish 404 on every page, never a 500", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const patterns = Object.values(router.toJSON())
      .flat()
      .filter((route) => route.methods.includes('GET') && /:id\b/.test(route.pattern))
      .map((route) => route.pattern)
    assert.isAbove(patterns.length, 20)
    for (const pattern of patterns) {
      for (const id of ['2147483648', '99999999999999999999']) {
        const url = pattern.replace(/:id\b/g, id).replace(/:type\b/, 'organisations')
        const response = await client.get(url).loginAs(coordinator).redirects(0)
        assert.equal(response.status(), 404, url)
      }
    }
    const largest = await client.get('/forum/2147483647').loginAs(coordinator).redirects(0)
    largest.assertStatus(404)
    largest.assertTextIncludes('<html lang="sv">')
  }).timeout(120_000)

  test('hostile page numbers, ids and dates in the query string are answered, never a 500', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const category = await db.from('forum_categories').firstOrFail()
    const [thread] = await db
      .table('forum_threads')
      .insert({ category_id: category.id, title: 'Sidnummer', author_id: coordinator.id })
      .returning('id')
    await db
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: coordinator.id, body: 'Fråga' })
    for (const url of [
      '/aviseringar?page=-1',
      '/administration/logg?page=-1',
      '/anknytningar?page=-1',
      '/administration/importer?page=-99999999999999999999',
      '/anknytningar?organisation=99999999999999999999',
      '/anknytningar?organisation=1e400',
      '/anknytningar?per=2026-02-30',
      '/anknytningar/export?per=0000-01-01',
      `/forum/${thread.id}?citera=99999999999999999999`,
      `/forum/${thread.id}?inlagg=99999999999999999999`,
    ]) {
      const response = await client.get(url).loginAs(coordinator).redirects(0)
      assert.isBelow(response.status(), 500, url)
    }
  })
})

test.group('Hostile input / ids in forms', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an id field beyond the integer range or with decimals is a Swedish form error, never a 500', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    for (const id of ['99999999999999999999', '2147483648', '1.5']) {
      for (const [url, form] of [
        ['/forum', { categoryId: id, title: 'En tråd', body: 'Hej' }],
        ['/rutiner', { categoryId: id, title: 'En rutin', body: 'Text' }],
        [
          '/administration/anvandare',
          {
            fullName: 'Ny Person',
            email: `ny-${randomUUID()}@stad.example`,
            role: 'telefoniansvarig',
            organisationId: id,
          },
        ],
      ] as const) {
        const response = await client
          .post(url)
          .loginAs(coordinator)
          .withCsrfToken()
          .form(form)
          .redirects(0)
        assert.equal(response.status(), 302, `${url} ${id}`)
        assert.isDefined(response.flashMessages().inputErrorsBag, `${url} ${id}`)
      }
    }
  })
})

test.group('Hostile input / NUL bytes and error bodies', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  async function thread() {
    const author = await UserFactory.create()
    const category = await db.from('forum_categories').firstOrFail()
    const [row] = await db
      .table('forum_threads')
      .insert({ category_id: category.id, title: 'NUL-tråd', author_id: author.id })
      .returning('id')
    await db.table('forum_posts').insert({ thread_id: row.id, author_id: author.id, body: 'Fråga' })
    return Number(row.id)
  }

  test('a NUL in a query string, a form field, JSON, a path or an uploaded file name is a 400 in Swedish', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const id = await thread()
    const message =
      'Det du skickade innehåller ett otillåtet tecken (NUL, kod 0). Ta bort det och försök igen.'
    const failures: string[] = []
    const expect400 = (what: string, response: { status(): number; text(): string }) => {
      if (response.status() !== 400 || !response.text().includes(message))
        failures.push(`${what}: ${response.status()} ${response.text().slice(0, 200)}`)
    }
    expect400('query', await client.get('/sok?q=a%00b').loginAs(user))
    expect400(
      'path',
      await client.get('/kostnadsfordelning/2026-10/a%00b/1?format=csv').loginAs(user)
    )
    expect400(
      'form',
      await client
        .post(`/forum/${id}/svar`)
        .loginAs(user)
        .withCsrfToken()
        .form({ body: 'a\u0000b' })
        .redirects(0)
    )
    expect400(
      'form key',
      await client
        .post(`/forum/${id}/svar`)
        .loginAs(user)
        .withCsrfToken()
        .form({ 'body': 'ok', 'x\u0000': '1' })
        .redirects(0)
    )
    expect400(
      'json',
      await client
        .post(`/forum/${id}/svar`)
        .loginAs(user)
        .withCsrfToken()
        .json({ body: ['a', { deep: 'b\u0000' }] })
        .accept('json')
        .redirects(0)
    )
    const csv = Buffer.from(`${ORGANISATIONS_HEADER}\r\nNUL;Nul;förvaltning;1;;2009-01-01;\r\n`)
    expect400(
      'file name',
      await client
        .post('/administration/import/organisations')
        .loginAs(user)
        .withCsrfToken()
        .file('file', csv, { filename: 'a\u0000b.csv' })
        .redirects(0)
    )
    expect400(
      'multipart field',
      await client
        .post('/administration/import/organisations')
        .loginAs(user)
        .withCsrfToken()
        .field('partial', 'a\u0000')
        .file('file', csv, { filename: 'ok.csv' })
        .redirects(0)
    )
    assert.deepEqual(failures, [])
    assert.equal(
      await db
        .from('forum_posts')
        .where('thread_id', id)
        .count('* as total')
        .first()
        .then((row) => Number(row.total)),
      1
    )
  })

  test('a 500 is a fixed Swedish message in HTML and JSON: no SQL, no stack, no error text', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    // a query that fails in the database: the table is gone (this test's transaction only)
    await db.rawQuery('ALTER TABLE forum_threads RENAME TO forum_threads_gone')
    const json = await client.get('/forum').loginAs(user).accept('json')
    json.assertStatus(500)
    assert.deepEqual(json.body(), {
      errors: [
        {
          message:
            'Ett oväntat fel inträffade och har loggats. Försök igen om en stund; kvarstår felet, kontakta växelsamordnaren.',
        },
      ],
    })
    const html = await client.get('/forum').loginAs(user)
    html.assertStatus(500)
    html.assertTextIncludes('Något gick fel')
    for (const leak of ['forum_threads', 'select', 'relation', 'node_modules', '.ts:'])
      assert.notInclude(html.text().toLowerCase(), leak)
  })

  test('a body over the size limit is a 413 and unreadable JSON a 400, both as Swedish pages', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const id = await thread()
    const large = await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'å'.repeat(1_200_000) })
      .redirects(0)
    large.assertStatus(413)
    large.assertTextIncludes('För mycket på en gång')
    large.assertTextIncludes('Det du skickade är större än vad som tas emot här.')
    const broken = await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .unsafeJson('{"body": ')
      .redirects(0)
    broken.assertStatus(400)
    broken.assertTextIncludes('Förfrågan kunde inte tas emot')
    broken.assertTextIncludes('<html lang="sv">')
  })
})

test.group('Failing machine / the database goes away and comes back', () => {
  test('while PostgreSQL is away pages are a Swedish 503 (HTML and JSON); once it is back the app answers again, without a restart', async ({
    assert,
    cleanup,
  }) => {
    const user = await UserFactory.merge({
      email: `databasborta-${randomUUID()}@stad.example`,
    }).create()
    cleanup(async () => {
      await db.from('sessions').where('user_id', String(user.id)).delete()
      await user.delete()
    })
    const proxy = await databaseProxy()
    cleanup(() => proxy.close())
    const appProcess = await startAppProcess({ databasePort: proxy.port })
    cleanup(() => appProcess.stop())
    const browser = cookieJar(appProcess.url)
    await browser.logIn(user.email, TEST_PASSWORD)
    assert.equal((await browser.request('/oversikt')).status, 200)

    proxy.down()
    const page = await browser.request('/oversikt')
    const html = await page.text()
    assert.equal(page.status, 503, html.slice(0, 300))
    assert.include(html, '<html lang="sv">')
    assert.include(html, 'Tjänsten är tillfälligt otillgänglig')
    assert.notInclude(html, 'Cannot read properties')
    const json = await browser.request('/forum', { headers: { accept: 'application/json' } })
    assert.equal(json.status, 503)
    assert.deepEqual(await json.json(), {
      errors: [
        {
          message:
            'Växelnavet når inte sin databas just nu. Försök igen om en liten stund; kvarstår felet, kontakta växelsamordnaren.',
        },
      ],
    })
    const anonymous = await fetch(`${appProcess.url}/finns-inte`)
    assert.oneOf(anonymous.status, [404, 503])
    assert.include(await anonymous.text(), '<html lang="sv">')

    proxy.up()
    let status = 0
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250))
      status = (await browser.request('/oversikt')).status
    }
    assert.equal(status, 200)
    assert.isNull(appProcess.child.exitCode, 'the app process is still running')
  }).timeout(120_000)

  test('while PostgreSQL is away a request without a session needs no database: /health/live is 200, /health/ready a 503 naming the database, an unknown address a 404', async ({
    assert,
    cleanup,
  }) => {
    const proxy = await databaseProxy()
    cleanup(() => proxy.close())
    const appProcess = await startAppProcess({ databasePort: proxy.port })
    cleanup(() => appProcess.stop())

    proxy.down()
    const live = await fetch(`${appProcess.url}/health/live`)
    assert.equal(live.status, 200, (await live.text()).slice(0, 200))
    const ready = await fetch(`${appProcess.url}/health/ready`)
    assert.equal(ready.status, 503)
    const report = (await ready.json()) as { checks: { name: string; status: string }[] }
    assert.equal(report.checks.find((check) => check.name === 'database')?.status, 'error')
    const unknown = await fetch(`${appProcess.url}/finns-inte`)
    assert.equal(unknown.status, 404)
    assert.include(await unknown.text(), '<html lang="sv">')
    proxy.up()
  }).timeout(120_000)
})

test.group('Failing machine / the call import loses its connection', (group) => {
  async function cleanUp() {
    await db.rawQuery(
      'TRUNCATE call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows CASCADE'
    )
    await db.from('imports').where('type', 'calls').delete()
    await db.from('jobs').delete()
  }
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('a web-uploaded import whose backend is terminated fails cleanly: the process lives, the import and the job say why', async ({
    client,
    assert,
    cleanup,
  }) => {
    const { runNextJob } = await import('#services/job_queue')
    await import('#actions/calls/queue_call_import')
    const user = await UserFactory.merge({
      email: `importavbrott-${randomUUID()}@stad.example`,
    }).create()
    cleanup(() => user.delete())
    const fixture = new URL('../../fixtures/calls/valid.csv', import.meta.url).pathname
    const upload = await client
      .post('/administration/import/calls')
      .loginAs(user)
      .withCsrfToken()
      .file('file', fixture)
      .redirects(0)
    upload.assertStatus(302)

    // lock the calls table, so the import waits there with its transaction open
    const locker = new pg.Client(databaseSettings().connection)
    locker.on('error', () => {})
    await locker.connect()
    cleanup(() => locker.end())
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE call_records IN ACCESS EXCLUSIVE MODE')

    const watcher = watchCrashes()
    const job = runNextJob()
    let terminated = false
    for (let attempt = 0; attempt < 200 && !terminated; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      // (not on the locker's connection: inside a transaction pg_stat_activity is a snapshot)
      const result = await db.rawQuery(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
          WHERE (application_name = 'vaxelnavet-import-calls' OR application_name LIKE 'vaxelnavet-job-%')
            AND wait_event_type = 'Lock'`
      )
      terminated = result.rows.some((row: { done: boolean }) => row.done)
    }
    assert.isTrue(terminated, 'the import was seen waiting and its backend terminated')
    await job
    await locker.query('ROLLBACK')
    const crashes = await watcher.stop()

    assert.deepEqual(crashes, [], 'no uncaught error: the process survives')
    const record = await Import.query().where('type', 'calls').firstOrFail()
    assert.equal(record.status, 'failed')
    assert.match(record.errors[0].message, /^Importen avbröts: förbindelsen med databasen bröts/)
    const jobRow = await db.from('jobs').firstOrFail()
    assert.equal(jobRow.status, 'failed')
    assert.isNotEmpty(jobRow.last_error)
    assert.equal((await db.from('call_records').count('* as total').first()).total, 0)
    // and the next request is served as usual
    const next = await client.get(`/administration/importer/${record.id}`).loginAs(user)
    next.assertStatus(200)
    next.assertTextIncludes('förbindelsen med databasen bröts')
  }).timeout(60_000)
})

test.group(
  'Hostile input / a forum thread cannot grow a page without bound, nor be flooded',
  (group) => {
    group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

    /** A thread of `count` posts by `author` ("Inlägg 1" … "Inlägg N"); returns its id and post ids. */
    async function longThread(count: number) {
      const author = await UserFactory.create()
      const category = await db.from('forum_categories').firstOrFail()
      const [thread] = await db
        .table('forum_threads')
        .insert({ category_id: category.id, title: 'Lång tråd', author_id: author.id })
        .returning('id')
      const rows = await db
        .table('forum_posts')
        .insert(
          Array.from({ length: count }, (_, i) => ({
            thread_id: thread.id,
            author_id: author.id,
            body: `Inlägg ${i + 1}.`,
          }))
        )
        .returning('id')
      return { threadId: Number(thread.id), postIds: rows.map((row) => Number(row.id)) }
    }

    test('a long thread is shown a page at a time; a link to a post opens its page; quoting and unread links land there', async ({
      client,
      assert,
    }) => {
      const reader = await UserFactory.create()
      const { threadId, postIds } = await longThread(120)

      const first = await client.get(`/forum/${threadId}`).loginAs(reader)
      first.assertStatus(200)
      first.assertTextIncludes(`id="inlagg-${postIds[49]}"`)
      assert.notInclude(first.text(), `id="inlagg-${postIds[50]}"`)
      first.assertTextIncludes(`/forum/${threadId}?page=3`)

      // a link to the 75th post (as in a notification or a search hit) opens page 2
      const linked = await client.get(`/forum/${threadId}?inlagg=${postIds[74]}`).loginAs(reader)
      linked.assertTextIncludes(`id="inlagg-${postIds[74]}"`)
      assert.notInclude(linked.text(), `id="inlagg-${postIds[49]}"`)
      linked.assertTextIncludes(`?page=2&amp;citera=${postIds[74]}#svara`)
      const quoting = await client
        .get(`/forum/${threadId}?page=2&citera=${postIds[74]}`)
        .loginAs(reader)
      quoting.assertTextIncludes('&gt; Inlägg 75.')

      // reading pages 1 and 2 marks the thread read up to post 100: the list links to the first unread
      const list = await client.get('/forum').loginAs(reader)
      list.assertTextIncludes(`/forum/${threadId}?inlagg=${postIds[100]}#inlagg-${postIds[100]}`)

      // a reply lands on the last page, where the redirect points
      const replied = await client
        .post(`/forum/${threadId}/svar`)
        .loginAs(reader)
        .withCsrfToken()
        .form({ body: 'Mitt svar.' })
        .redirects(0)
      const location = replied.header('location')!
      assert.match(location, new RegExp(`^/forum/${threadId}\\?inlagg=(\\d+)#inlagg-\\1$`))
      const last = await client.get(location.split('#')[0]).loginAs(reader)
      last.assertTextIncludes('Mitt svar.')
      last.assertTextIncludes(`id="inlagg-${postIds[119]}"`)
    })

    test('posting is limited per user: the 11th post within ten minutes is refused in Swedish and not stored', async ({
      client,
      assert,
    }) => {
      const writer = await UserFactory.create()
      const other = await UserFactory.create()
      const { threadId } = await longThread(1)
      for (let n = 1; n <= 10; n++) {
        const response = await client
          .post(`/forum/${threadId}/svar`)
          .loginAs(writer)
          .withCsrfToken()
          .form({ body: `Svar ${n}` })
          .redirects(0)
        response.assertStatus(302)
      }
      const refused = await client
        .post(`/forum/${threadId}/svar`)
        .loginAs(writer)
        .withCsrfToken()
        .form({ body: 'Svar 11' })
        .redirects(0)
      refused.assertFlashMessage(
        'error',
        'Du har skrivit många inlägg på kort tid (högst 10 på tio minuter). Vänta 10 min och försök igen; det du skrev finns kvar.'
      )
      const category = await db.from('forum_categories').firstOrFail()
      const newThread = await client
        .post('/forum')
        .loginAs(writer)
        .withCsrfToken()
        .form({ categoryId: category.id, title: 'Ny tråd', body: 'Text' })
        .redirects(0)
      newThread.assertFlashMessage(
        'error',
        'Du har skrivit många inlägg på kort tid (högst 10 på tio minuter). Vänta 10 min och försök igen; det du skrev finns kvar.'
      )
      assert.isNull(await db.from('forum_posts').where('body', 'Svar 11').first())
      assert.isNull(await db.from('forum_threads').where('title', 'Ny tråd').first())

      const byOther = await client
        .post(`/forum/${threadId}/svar`)
        .loginAs(other)
        .withCsrfToken()
        .form({ body: 'Annans svar' })
        .redirects(0)
      assert.notExists(byOther.flashMessages()?.error)
      assert.isNotNull(await db.from('forum_posts').where('body', 'Annans svar').first())
    })

    test('a post of 20 000 Swedish characters is taken, one more is refused in Swedish, and the form says the cap', async ({
      client,
      assert,
    }) => {
      const writer = await UserFactory.create()
      const { threadId } = await longThread(1)
      const page = await client.get(`/forum/${threadId}`).loginAs(writer)
      page.assertTextIncludes('Högst 20\u00a0000 tecken.')
      page.assertTextIncludes('maxlength="20000"')

      const longest = 'åäö'.repeat(6_666) + 'åä'
      const taken = await client
        .post(`/forum/${threadId}/svar`)
        .loginAs(writer)
        .withCsrfToken()
        .form({ body: longest })
        .redirects(0)
      taken.assertStatus(302)
      assert.isNotNull(await db.from('forum_posts').where('body', longest).first())
      const tooLong = await client
        .post(`/forum/${threadId}/svar`)
        .loginAs(writer)
        .withCsrfToken()
        .form({ body: longest + 'ö' })
        .redirects(0)
      tooLong.assertFlashMessage('inputErrorsBag', { body: ['Text får vara högst 20000 tecken'] })
    })
  }
)

test.group(
  'Headers / no copies in caches, no referrer to other sites, no device access',
  (group) => {
    group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

    test('every page has Referrer-Policy same-origin and a Permissions-Policy denying camera, microphone and location', async ({
      client,
      assert,
    }) => {
      const user = await UserFactory.create()
      for (const response of [
        await client.get('/logga-in'),
        await client.get('/oversikt').loginAs(user),
        await client.get('/finns-inte').loginAs(user),
      ]) {
        response.assertHeader('referrer-policy', 'same-origin')
        const policy = response.header('permissions-policy') ?? ''
        for (const feature of [
          'camera=()',
          'microphone=()',
          'geolocation=()',
          'payment=()',
          'usb=()',
        ])
          assert.include(policy, feature)
      }
    })

    test('pages of a signed-in user and API answers are Cache-Control: no-store', async ({
      client,
      assert,
    }) => {
      const user = await UserFactory.create()
      for (const url of ['/oversikt', '/forum', '/organisationer', '/finns-inte']) {
        const response = await client.get(url).loginAs(user)
        assert.equal(response.header('cache-control'), 'no-store', url)
      }
      const api = await client.get('/api/v1/periods')
      assert.equal(api.header('cache-control'), 'no-store')
    })

    test('every download is Cache-Control: no-store', async ({ client, assert }) => {
      const user = await UserFactory.create()
      const organisation = await OrganisationFactory.create()
      await periodWithShares('2026-10', [{ organisationId: organisation.id, amountOre: 1000 }], {
        status: 'draft',
      })
      const record = await Import.create({
        type: 'organisations',
        fileName: 'x.csv',
        checksum: 'c',
        idempotencyKey: 'c',
        status: 'rejected',
        options: {},
        warnings: [],
        errors: [{ line: 2, column: 'Kod', message: 'rad 2: Kod saknas' }],
      })
      const pdf = Buffer.from('%PDF-1.4 test')
      await mkdir(storagePath('invoices', 'test'), { recursive: true })
      await writeFile(storagePath('invoices', 'test', 'headers.pdf'), pdf)
      const sha256 = createHash('sha256').update(pdf).digest('hex')
      const [invoice] = await db
        .table('invoices')
        .insert({
          number: '2099-00002',
          year: 2099,
          sequence: 2,
          kind: 'invoice',
          period: '2026-10',
          organisation_id: organisation.id,
          issue_date: '2026-11-05',
          due_date: '2026-12-05',
          vat_rate_percent: 0,
          net_ore: 1000,
          vat_ore: 0,
          total_ore: 1000,
          pdf_path: 'invoices/test/headers.pdf',
          pdf_sha256: sha256,
        })
        .returning('id')
      const [meeting] = await db
        .table('meetings')
        .insert({
          title: 'Träff',
          starts_at: new Date('2026-12-01T09:00:00Z'),
          ends_at: new Date('2026-12-01T10:00:00Z'),
          place: 'Stadshuset',
          period: '2026-10',
          minutes_pdf_path: 'invoices/test/headers.pdf',
          minutes_pdf_sha256: sha256,
        })
        .returning('id')
      const downloads = [
        '/samtal/2026-10/dagar',
        '/samtal/2026-10/dagar?vy=veckodag',
        '/samtal/2026-10/dagar?vy=ingang',
        '/samtal/2026-10/dagar?vy=trend',
        '/samtal/2026-10/leverantorsrapport',
        `/samtal/2026-10/organisation/${organisation.id}`,
        '/anknytningar/export',
        `/administration/importer/${record.id}/fel`,
        `/administration/importer/${record.id}/avvisade`,
        `/kostnadsfordelning/2026-10/TELEFONIST/${organisation.id}?format=csv`,
        `/fakturor/${invoice.id}/pdf`,
        `/natverkstraffar/${meeting.id}/minnesanteckningar.pdf`,
        `/natverkstraffar/${meeting.id}/kvalitetsrapport`,
      ]
      const failures: string[] = []
      for (const url of downloads) {
        const response = await client.get(url).loginAs(user).redirects(0)
        const disposition = response.header('content-disposition') ?? ''
        if (
          response.status() !== 200 ||
          !disposition.startsWith('attachment;') ||
          response.header('cache-control') !== 'no-store'
        ) {
          failures.push(
            `${url}: ${response.status()} ${disposition} cache-control=${response.header('cache-control')}`
          )
        }
      }
      assert.deepEqual(failures, [])
    })
  }
)

test.group('Sessions / an absolute lifetime beside the idle timeout', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  const HOUR = 3600 * 1000
  const newStore = async () => {
    const { PostgresSessionStore } = await import('#services/session_store')
    const { SESSION_LIFETIME } = await import('#config/session')
    return new PostgresSessionStore(await app.container.make('lucid.db'), '8h', SESSION_LIFETIME)
  }

  test('a session in use ends 12 hours after it began, however recent its last request', async ({
    assert,
  }) => {
    await (await newStore()).write('lang', { auth_web: 7 })
    await (await newStore()).write('kort', { auth_web: 8 })
    // both were active a minute ago (the idle expiry is 8 hours ahead)
    await db.from('sessions').update({ expires_at: new Date(Date.now() + 8 * HOUR - 60_000) })
    await db
      .from('sessions')
      .where('id', 'lang')
      .update({ created_at: new Date(Date.now() - 12 * HOUR - 60_000) })
    await db
      .from('sessions')
      .where('id', 'kort')
      .update({ created_at: new Date(Date.now() - 11 * HOUR) })

    assert.isNull(await (await newStore()).read('lang'))
    assert.notExists(await db.from('sessions').where('id', 'lang').first())
    assert.deepEqual(await (await newStore()).read('kort'), { auth_web: 8 })
  })

  test('writing a session keeps the time it began', async ({ assert }) => {
    await (await newStore()).write('s', { auth_web: 7 })
    const began = new Date(Date.now() - 3 * HOUR)
    await db.from('sessions').where('id', 's').update({ created_at: began })
    await (await newStore()).write('s', { auth_web: 7, locale: 'en' })
    const row = await db.from('sessions').where('id', 's').firstOrFail()
    assert.equal(new Date(row.created_at).getTime(), began.getTime())
  })
})
