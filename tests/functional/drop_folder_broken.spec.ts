import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pollDropFolder, type DropFolderState } from '#actions/imports/process_drop_folder'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

const HEADCOUNT = 'Organisation;Månad;Antal anställda\nSDF-BROMMA;2025-10;1250\n'

async function polls(folder: string, state: DropFolderState, times: number) {
  const outcomes = []
  for (let n = 0; n < times; n++) outcomes.push(...(await pollDropFolder(folder, state)))
  return outcomes
}

async function noticesOf(userId: number) {
  return db
    .from('notifications')
    .where('user_id', userId)
    .orderBy('id')
    .select('message_key', 'params')
}

test.group('Drop folder: a broken subfolder is told, and no file is half-done', (group) => {
  let folder: string
  let elsewhere: string
  let coordinatorId: number
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(async () => {
    folder = await mkdtemp(join(tmpdir(), 'vx-broken-'))
    elsewhere = await mkdtemp(join(tmpdir(), 'vx-elsewhere-'))
    await OrganisationFactory.merge({ code: 'SDF-BROMMA', name: 'Bromma' }).create()
    coordinatorId = (await UserFactory.create()).id
    return async () => {
      await rm(folder, { recursive: true, force: true })
      await rm(elsewhere, { recursive: true, force: true })
    }
  })

  test('behandlade/ replaced by a link: no file is taken, the coordinators are told once, and once mended the file is read as a dropped file', async ({
    assert,
    client,
  }) => {
    await symlink(elsewhere, join(folder, 'behandlade'))
    await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT)
    const state = new Map()
    assert.deepEqual(await polls(folder, state, 4), [])
    assert.include(await readdir(folder), 'anstallda.csv')
    assert.deepEqual(await readdir(elsewhere), [])
    assert.isNull(await db.from('headcounts').first())
    const notices = await noticesOf(coordinatorId)
    assert.lengthOf(notices, 1)
    assert.equal(notices[0].message_key, 'dropFolderBroken')
    assert.deepEqual(notices[0].params, { reason: 'link', subfolder: 'behandlade' })

    const page = await client.get('/aviseringar').loginAs(await User.findOrFail(coordinatorId))
    page.assertTextIncludes(
      'Inkorgsmappen kan inte användas: behandlade är en länk, inte en mapp. Inga filer läses förrän det är åtgärdat.'
    )

    await rm(join(folder, 'behandlade'))
    const [outcome] = await polls(folder, state, 2)
    assert.include(outcome, { outcome: 'processed', kind: 'headcount' })
    const record = await db.from('imports').where('id', outcome.importId!).firstOrFail()
    assert.equal(record.source, 'drop')
    assert.deepEqual(
      (await noticesOf(coordinatorId)).map((n) => n.message_key),
      ['dropFolderBroken', 'dropFolderMended', 'dropFileProcessed']
    )
  })

  test('.pagaende made a plain file: no file is read and no error each poll, the coordinators are told once', async ({
    assert,
  }) => {
    await mkdir(join(folder, 'behandlade'))
    await writeFile(join(folder, '.pagaende'), 'x')
    await writeFile(join(folder, 'anstallda.csv'), HEADCOUNT)
    const state = new Map()
    assert.deepEqual(await polls(folder, state, 3), [])
    assert.include(await readdir(folder), 'anstallda.csv')
    const notices = await noticesOf(coordinatorId)
    assert.deepEqual(
      notices.map((n) => n.message_key),
      ['dropFolderBroken']
    )
    assert.deepEqual(notices[0].params, { reason: 'file', subfolder: '.pagaende' })
  })

  test('a second instance polling the same broken folder does not tell the coordinators again', async ({
    assert,
  }) => {
    await symlink(elsewhere, join(folder, 'behandlade'))
    await polls(folder, new Map(), 2)
    // another instance: the same module loaded afresh, with no memory of its own
    const other = await import(
      new URL('../../app/actions/imports/process_drop_folder.ts?another-instance', import.meta.url)
        .href
    )
    await other.pollDropFolder(folder, new Map())
    await other.pollDropFolder(folder, new Map())
    assert.deepEqual(
      (await noticesOf(coordinatorId)).map((n) => n.message_key),
      ['dropFolderBroken']
    )
  })
})
