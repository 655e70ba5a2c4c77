import { test } from '@japa/runner'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureEnvFile } from '#services/env_file'

const EXAMPLE = 'TZ=UTC\nPORT=3333\nAPP_KEY=\nNODE_ENV=development\n'

async function project(envFile?: string) {
  const root = await mkdtemp(join(tmpdir(), 'vx-env-'))
  await writeFile(join(root, '.env.example'), EXAMPLE)
  if (envFile !== undefined) await writeFile(join(root, '.env'), envFile)
  return root
}

function appKeyOf(envFile: string) {
  return /^APP_KEY=(.*)$/m.exec(envFile)?.[1]
}

test.group('npm start / the .env file of a first start', (group) => {
  // the test runner gives itself an APP_KEY; `npm start` on a fresh machine has none
  group.each.setup(() => {
    const previous = process.env.APP_KEY
    delete process.env.APP_KEY
    return () => {
      process.env.APP_KEY = previous
    }
  })

  test('a clone without .env gets one from .env.example with a generated APP_KEY', async ({
    assert,
    cleanup,
  }) => {
    const root = await project()
    cleanup(() => rm(root, { recursive: true, force: true }))
    assert.isTrue(ensureEnvFile(root))
    const key = appKeyOf(await readFile(join(root, '.env'), 'utf8'))
    assert.isAtLeast(key?.length ?? 0, 32)
  })

  test('a .env copied from .env.example (APP_KEY empty, own ports) gets a generated APP_KEY and keeps the rest', async ({
    assert,
    cleanup,
  }) => {
    const root = await project('TZ=UTC\nPORT=3444\nAPP_KEY=\nEMBEDDED_PG_PORT=54344\n')
    cleanup(() => rm(root, { recursive: true, force: true }))
    assert.isTrue(ensureEnvFile(root))
    const envFile = await readFile(join(root, '.env'), 'utf8')
    assert.isAtLeast(appKeyOf(envFile)?.length ?? 0, 32)
    assert.include(envFile, 'PORT=3444\n')
    assert.include(envFile, 'EMBEDDED_PG_PORT=54344\n')
  })

  test('a .env with an APP_KEY of its own is never touched', async ({ assert, cleanup }) => {
    const own = 'PORT=3444\nAPP_KEY=mitt-eget-hemliga-varde-0123456789abcdef\n'
    const root = await project(own)
    cleanup(() => rm(root, { recursive: true, force: true }))
    assert.isFalse(ensureEnvFile(root))
    assert.equal(await readFile(join(root, '.env'), 'utf8'), own)
  })
})
