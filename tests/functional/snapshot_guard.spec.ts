import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pollDropFolder } from '#actions/imports/process_drop_folder'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

/**
 * Attack pass 2026-12-03 (issue 16 point 9): a one-organisation extensions file read as a
 * city-wide snapshot ended every other organisation's extensions, unattended.
 */
const BROMMA_ONLY =
  'Anknytning;Organisation;Namn;Typ\n' +
  '0850810001;SDF-BROMMA;Reception;Anknytning\n' +
  '0850810002;SDF-BROMMA;Äldreomsorg;Anknytning\n'

async function activeOn(day: string) {
  const row = await db
    .from('extensions')
    .where('valid_from', '<=', day)
    .where((q) => q.whereNull('valid_to').orWhere('valid_to', '>=', day))
    .count('* as n')
    .first()
  return Number(row.n)
}

test.group(
  'Extension snapshots nobody watches: one that would end much of the register is refused',
  (group) => {
    let folder: string
    let coordinatorId: number
    group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
    group.each.setup(async () => {
      folder = await mkdtemp(join(tmpdir(), 'vx-guard-'))
      const bromma = await OrganisationFactory.merge({
        code: 'SDF-BROMMA',
        name: 'Bromma',
      }).create()
      const utbf = await OrganisationFactory.merge({ code: 'UTBF', name: 'Utbildning' }).create()
      const rows = [
        ...[1, 2, 3, 4, 5].map((n) => ({ number: `085081000${n}`, organisation_id: bromma.id })),
        ...Array.from({ length: 20 }, (_, n) => ({
          number: `08508200${String(n + 10)}`,
          organisation_id: utbf.id,
        })),
      ]
      await db.table('extensions').multiInsert(
        rows.map((row) => ({
          ...row,
          name: 'Linje',
          type: 'Anknytning',
          valid_from: '2025-01-01',
        }))
      )
      coordinatorId = (await UserFactory.create()).id
      return () => rm(folder, { recursive: true, force: true })
    })

    test('a dropped snapshot that would leave an organisation without extensions goes to avvisade/ with a report naming how many would end, and the coordinator is told', async ({
      assert,
    }) => {
      await writeFile(join(folder, 'anknytningar-SDF-BROMMA-2026-12-03.csv'), BROMMA_ONLY)
      const state = new Map()
      await pollDropFolder(folder, state)
      const [outcome] = await pollDropFolder(folder, state)
      assert.include(outcome, { outcome: 'rejected', kind: 'extensions' })
      assert.include(
        outcome.report,
        'Ögonblicksbilden skulle avsluta 23 av 25 aktiva anknytningar (92 %) per 2026-12-02; ingenting ändrades.'
      )
      assert.include(outcome.report, 'Filen har inga rader för UTBF (20)')
      assert.equal(await activeOn('2026-12-03'), 25)
      const rejected = await readdir(join(folder, 'avvisade'))
      assert.lengthOf(rejected, 2)
      assert.include(
        await readFile(join(folder, 'avvisade', rejected[1]), 'utf8'),
        'skulle avsluta 23 av 25'
      )
      const notices = await db.from('notifications').where('user_id', coordinatorId)
      assert.deepEqual(
        notices.map((n) => n.message_key),
        ['dropFileRejected']
      )
    })

    test('the import API refuses such a snapshot with 422 in Swedish, and reads it limited to the organisation it names', async ({
      client,
      assert,
    }) => {
      const user = await UserFactory.merge({ role: 'controller' }).create()
      const key = (
        await User.accessTokens.create(user, ['import'], { name: 'Lev' })
      ).value!.release()
      const refused = await client
        .post('/api/v1/imports/extensions')
        .bearerToken(key)
        .field('asOf', '2026-12-03')
        .file('file', Buffer.from(BROMMA_ONLY), { filename: 'ank.csv' })
      refused.assertStatus(422)
      assert.match(refused.body().errors[0].message, /skulle avsluta 23 av 25 aktiva anknytningar/)
      assert.equal(await activeOn('2026-12-03'), 25)

      const scoped = await client
        .post('/api/v1/imports/extensions')
        .bearerToken(key)
        .field('asOf', '2026-12-03')
        .field('organisationCode', 'SDF-BROMMA')
        .file('file', Buffer.from(BROMMA_ONLY), { filename: 'ank.csv' })
      scoped.assertStatus(201)
      // Bromma's three missing extensions end; Utbildning's twenty are untouched
      assert.equal(await activeOn('2026-12-03'), 22)
    })

    test('more than 10 % (and more than 10) of the scope ending is refused even when every organisation keeps some', async ({
      client,
      assert,
    }) => {
      const user = await UserFactory.merge({ role: 'controller' }).create()
      const key = (
        await User.accessTokens.create(user, ['import'], { name: 'Lev' })
      ).value!.release()
      const file =
        'Anknytning;Organisation;Namn;Typ\n' +
        '0850810001;SDF-BROMMA;Linje;Anknytning\n' +
        '0850820010;UTBF;Linje;Anknytning\n'
      const refused = await client
        .post('/api/v1/imports/extensions')
        .bearerToken(key)
        .field('asOf', '2026-12-03')
        .file('file', Buffer.from(file), { filename: 'ank.csv' })
      refused.assertStatus(422)
      assert.match(
        refused.body().errors[0].message,
        /avsluta 23 av 25 aktiva anknytningar \(92 %\)/
      )
      assert.notMatch(refused.body().errors[0].message, /inga rader för/)
    })

    test('the upload page refuses such a snapshot until the person confirms it, then reads it', async ({
      client,
      assert,
    }) => {
      const user = await User.findOrFail(coordinatorId)
      const first = await client
        .post('/administration/import/extensions')
        .loginAs(user)
        .withCsrfToken()
        .field('asOf', '2026-12-03')
        .file('file', Buffer.from(BROMMA_ONLY), { filename: 'ank.csv' })
        .redirects(0)
      const page = await client.get(first.header('location')!).loginAs(user)
      page.assertTextIncludes('Avvisad')
      page.assertTextIncludes('skulle avsluta 23 av 25 aktiva anknytningar')
      page.assertTextIncludes('kryssa i bekräftelsen')
      assert.equal(await activeOn('2026-12-03'), 25)

      const form = await client.get('/administration/import/extensions').loginAs(user)
      form.assertTextIncludes('name="confirmEnding"')

      const confirmed = await client
        .post('/administration/import/extensions')
        .loginAs(user)
        .withCsrfToken()
        .field('asOf', '2026-12-03')
        .field('confirmEnding', 'true')
        .file('file', Buffer.from(BROMMA_ONLY), { filename: 'ank.csv' })
        .redirects(0)
      const done = await client.get(confirmed.header('location')!).loginAs(user)
      done.assertTextIncludes('Inläst')
      assert.equal(await activeOn('2026-12-03'), 2)
    })
  }
)
