import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pollDropFolder } from '#actions/imports/process_drop_folder'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

/** FORMATS.md: the 7 required columns, with or without the optional ones. */
const ORGANISATIONS_REQUIRED =
  'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till\n' +
  'SDF-NORR;Norra stadsdelsförvaltningen;förvaltning;41000;Växel Norr;2009-01-01;\n'
const ORGANISATIONS_ALL = (
  await readFile(new URL('../fixtures/organisations/invoice_details.csv', import.meta.url))
).toString('utf8')
/** Excel's stray empty columns at the end of every line */
const HEADCOUNT_TRAILING = 'Organisation;Månad;Antal anställda;;\nSDF-BROMMA;2025-10;1250;;\n'

test.group(
  'Drop folder and import API: a file is recognised by what its reader accepts',
  (group) => {
    let folder: string
    group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
    group.each.setup(async () => {
      folder = await mkdtemp(join(tmpdir(), 'vx-recognise-'))
      await OrganisationFactory.merge({ code: 'SDF-BROMMA', name: 'Bromma' }).create()
      await UserFactory.create()
      return () => rm(folder, { recursive: true, force: true })
    })

    test('organisations with only the required columns, or all fourteen, and headcount with trailing empty columns are read from the drop folder', async ({
      assert,
    }) => {
      await writeFile(join(folder, 'org-7.csv'), ORGANISATIONS_REQUIRED)
      await writeFile(join(folder, 'org-14.csv'), ORGANISATIONS_ALL)
      await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT_TRAILING)
      const state = new Map()
      await pollDropFolder(folder, state)
      const outcomes = await pollDropFolder(folder, state)
      const byName = Object.fromEntries(outcomes.map((o) => [o.fileName, o]))
      assert.include(byName['org-7.csv'], { outcome: 'processed', kind: 'organisations' })
      assert.include(byName['org-14.csv'], { outcome: 'processed', kind: 'organisations' })
      assert.include(byName['anstallda.csv'], { outcome: 'processed', kind: 'headcount' })
      assert.isNotNull(await db.from('organisations').where('code', 'HEMBOLAG').first())
      assert.isNotNull(await db.from('headcounts').first())
    })

    test('the import API accepts the same files', async ({ client }) => {
      const user = await UserFactory.merge({ role: 'controller' }).create()
      const key = (
        await User.accessTokens.create(user, ['import'], { name: 'Lev' })
      ).value!.release()
      for (const [kind, text] of [
        ['organisations', ORGANISATIONS_REQUIRED],
        ['organisations', ORGANISATIONS_ALL],
        ['headcount', HEADCOUNT_TRAILING],
      ]) {
        const response = await client
          .post(`/api/v1/imports/${kind}`)
          .bearerToken(key)
          .file('file', Buffer.from(text), { filename: `${kind}.csv` })
        response.assertStatus(201)
      }
    })

    test('a header with an unknown column, or a required column missing, is still no kind', async ({
      assert,
    }) => {
      await writeFile(
        join(folder, 'a.csv'),
        'Organisation;Månad;Antal anställda;Kommentar\nX;2025-10;1;a\n'
      )
      await writeFile(
        join(folder, 'b.csv'),
        'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från\nX;a;bolag;1;r;2020-01-01\n'
      )
      const state = new Map()
      await pollDropFolder(folder, state)
      const outcomes = await pollDropFolder(folder, state)
      assert.lengthOf(outcomes, 2)
      for (const outcome of outcomes) {
        assert.include(outcome, { outcome: 'rejected', kind: null })
        assert.include(outcome.report, 'Rubrikraden känns inte igen')
      }
    })
  }
)
