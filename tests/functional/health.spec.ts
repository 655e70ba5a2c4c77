import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { writeFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

test.group('Health', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('live answers 200 without login and is never cached', async ({ client, assert }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
    assert.equal(response.header('cache-control'), 'no-store')
  })

  test('ready answers 200 when the database answers, every migration has run and storage is writable', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.deepEqual(
      response
        .body()
        .checks.map((check: { name: string; status: string }) => [check.name, check.status]),
      [
        ['database', 'ok'],
        ['migrations', 'ok'],
        ['storage', 'ok'],
      ]
    )
  })

  test('ready answers 503 naming a migration that has not run', async ({ client, assert }) => {
    await db.from('adonis_schema').where('name', 'like', '%0028_add_visible_posts_index').delete()
    const response = await client.get('/health/ready')
    response.assertStatus(503)
    const migrations = response
      .body()
      .checks.find((check: { name: string }) => check.name === 'migrations')
    assert.equal(migrations.status, 'error')
    assert.deepEqual(migrations.meta.pending, ['0028_add_visible_posts_index'])
  })

  test('ready answers 503 naming storage when the storage folder cannot be written, and says nothing more of the cause', async ({
    client,
    assert,
  }) => {
    const blocked = join(tmpdir(), `vx-storage-is-a-file-${process.pid}`)
    await writeFile(blocked, 'not a folder')
    const before = process.env.STORAGE_PATH
    process.env.STORAGE_PATH = blocked
    try {
      const response = await client.get('/health/ready')
      response.assertStatus(503)
      const storage = response
        .body()
        .checks.find((check: { name: string }) => check.name === 'storage')
      assert.deepEqual(storage, {
        name: 'storage',
        status: 'error',
        message: 'Lagringen (STORAGE_PATH eller S3) går inte att skriva.',
      })
      assert.notInclude(response.text(), blocked)
    } finally {
      process.env.STORAGE_PATH = before
      await rm(blocked, { force: true })
    }
  })
})
