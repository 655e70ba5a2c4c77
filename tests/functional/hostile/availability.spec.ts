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
import app from '@adonisjs/core/services/app'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Organisation from '#models/organisation'
import { importOrganisations } from '#actions/organisations/import_organisations'
import { UserFactory } from '#database/factories/user_factory'
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

  test('hostile ?vy values and organisation codes in a download name are answered, and the next request works', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const organisation = await legacyOrganisation('SDF–BROMMA')
    const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    await db.table('periods').insert({ period: '2026-10', status: 'draft' })
    const [allocation] = await db
      .table('allocations')
      .insert({ period: '2026-10', cost_pool_id: pool.id, amount_ore: 1000, basis: 'extensions', key_date: '2025-10-31', total_weight: 1 })
      .returning('id')
    await db.table('allocation_shares').insert({ allocation_id: allocation.id, organisation_id: organisation.id, weight: 1, amount_ore: 1000 })

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
      const response = await client.get(url).loginAs(user).redirects(0).timeout(5000).catch(() => null)
      const crashes = await watcher.stop()
      if (!response) failures.push(`${url}: no answer within 5 s ${crashes.join('; ')}`)
      else if (crashes.length > 0 || response.status() >= 500) failures.push(`${url}: ${response.status()} ${crashes.join('; ')}`)
      const disposition = response?.header('content-disposition')
      if (disposition && /[^\x20-\x7e]/.test(disposition)) failures.push(`${url}: header outside ASCII: ${disposition}`)
      const next = await client.get('/oversikt').loginAs(user)
      if (next.status() !== 200) failures.push(`${url}: the next request got ${next.status()}`)
    }
    assert.deepEqual(failures, [])
  })

  test('a ?vy outside the allow-list is a 400 with a Swedish message, never a file name', async ({ client }) => {
    const user = await UserFactory.create()
    for (const vy of ['€', '"; filename="evil.exe', 'dagar\r\nX: 1']) {
      const response = await client.get('/samtal/2026-10/dagar').qs({ vy }).loginAs(user).redirects(0)
      response.assertStatus(400)
      response.assertTextIncludes('Okänd vy för nedladdningen')
      response.assertHeaderMissing('content-disposition')
    }
  })
})

test.group('Hostile input / organisation codes are A–Z, 0–9 and - only', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the form refuses an en dash by name and stores a lower-case code in capitals', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const form = { name: 'Bromma stadsdelsförvaltning', kind: 'forvaltning', activeFrom: '2009-01-01' }
    const refused = await client.post('/organisationer').loginAs(user).withCsrfToken().form({ ...form, code: 'SDF–BROMMA' }).redirects(0)
    refused.assertStatus(302)
    refused.assertFlashMessage('inputErrorsBag', { code: ['Kod innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)'] })
    const spaces = await client.post('/organisationer').loginAs(user).withCsrfToken().form({ ...form, code: 'SDF BRÖMMA' }).redirects(0)
    spaces.assertFlashMessage('inputErrorsBag', { code: ['Kod får bara innehålla A–Z, 0–9 och bindestreck (-), inte mellanslag, "Ö"'] })
    assert.isNull(await Organisation.findBy('name', form.name))

    await client.post('/organisationer').loginAs(user).withCsrfToken().form({ ...form, code: 'sdf-bromma' }).redirects(0)
    assert.equal((await Organisation.findByOrFail('name', form.name)).code, 'SDF-BROMMA')
  })

  test('the import rejects a row whose code holds an en dash, naming it', async ({ assert }) => {
    const dir = app.tmpPath('test-hostile')
    await mkdir(dir, { recursive: true })
    const file = join(dir, 'organisationer-tankstreck.csv')
    await writeFile(file, 'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till\r\nSDF–BROMMA;Bromma;förvaltning;20100;;2009-01-01;\r\n')
    const result = await importOrganisations({ filePath: file, fileName: 'organisationer.csv', userId: null })
    assert.equal(result.status, 'rejected')
    assert.equal(result.errors[0].message, 'rad 2: Kod "SDF–BROMMA" innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)')
    assert.isNull(await Organisation.findBy('name', 'Bromma'))
  })

  test('the database itself refuses a code outside the format (CHECK constraint)', async ({ assert }) => {
    await assert.rejects(() => db.table('organisations').insert({ code: 'SDF–BROMMA', name: 'X', kind: 'forvaltning', active_from: '2009-01-01' }))
  })
})

test.group('Hostile input / the organisation code migration checks existing rows', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('with a stored en dash the migration stops, naming the code and its fix, and changes nothing', async ({ assert }) => {
    const bad = await legacyOrganisation('SDF–BROMMA')
    await OrganisationFactory.merge({ code: 'SDF-FARSTA' }).create()
    const { default: Migration } = await import('#database/migrations/0029_check_organisation_codes')
    const migration = new Migration(db.connection(), 'database/migrations/0029_check_organisation_codes.ts', false)
    const error = await migration.execUp().then(() => null, (failure: Error) => failure)
    assert.instanceOf(error, Error)
    assert.include(error!.message, `"SDF–BROMMA" (id ${bad.id})`)
    assert.include(error!.message, `UPDATE organisations SET code = 'SDF-BROMMA' WHERE id = ${bad.id};`)
    assert.notInclude(error!.message, 'SDF-FARSTA')
    assert.equal((await Organisation.findOrFail(bad.id)).code, 'SDF–BROMMA')
  })
})
