import { test } from '@japa/runner'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureEnvFile } from '#services/env_file'

const EXAMPLE = 'TZ=UTC\nPORT=3333\nAPP_KEY=\nNODE_ENV=development\n'

async function folderWith(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'env-file-'))
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

/** The launchers run with the test runner's APP_KEY set; each case decides for itself. */
function withoutAppKey<T>(run: () => T): T {
  const saved = process.env.APP_KEY
  delete process.env.APP_KEY
  try {
    return run()
  } finally {
    process.env.APP_KEY = saved
  }
}

test.group('First-run .env', () => {
  test('a clone without .env gets one from .env.example with a generated 43-character key', async ({
    assert,
  }) => {
    const dir = await folderWith({ '.env.example': EXAMPLE })
    assert.equal(
      withoutAppKey(() => ensureEnvFile(dir)),
      'created'
    )
    const env = await readFile(join(dir, '.env'), 'utf8')
    assert.match(env, /^APP_KEY=[A-Za-z0-9_-]{43}$/m)
    assert.include(env, 'PORT=3333')
    await rm(dir, { recursive: true })
  })

  test('a hand-copied .env with an empty APP_KEY gets a key and keeps every other line', async ({
    assert,
  }) => {
    const dir = await folderWith({
      '.env.example': EXAMPLE,
      '.env': 'PORT=3439\nAPP_KEY=\nEMBEDDED_PG_PORT=54339\n',
    })
    assert.equal(
      withoutAppKey(() => ensureEnvFile(dir)),
      'key'
    )
    const env = await readFile(join(dir, '.env'), 'utf8')
    assert.match(env, /^PORT=3439\nAPP_KEY=[A-Za-z0-9_-]{43}\nEMBEDDED_PG_PORT=54339\n$/)
    await rm(dir, { recursive: true })
  })

  test('a .env without any APP_KEY line gets one appended', async ({ assert }) => {
    const dir = await folderWith({ '.env.example': EXAMPLE, '.env': 'PORT=3439' })
    withoutAppKey(() => ensureEnvFile(dir))
    assert.match(await readFile(join(dir, '.env'), 'utf8'), /^PORT=3439\nAPP_KEY=[\w-]{43}\n$/)
    await rm(dir, { recursive: true })
  })

  test('a .env with a key, or a key given in the environment, is never rewritten', async ({
    assert,
  }) => {
    const kept = 'APP_KEY=mine-and-not-to-be-replaced-0123456789\n'
    const dir = await folderWith({ '.env.example': EXAMPLE, '.env': kept })
    assert.equal(
      withoutAppKey(() => ensureEnvFile(dir)),
      'unchanged'
    )
    const empty = await folderWith({ '.env.example': EXAMPLE, '.env': 'APP_KEY=\n' })
    assert.equal(ensureEnvFile(empty), 'unchanged')
    assert.equal(await readFile(join(dir, '.env'), 'utf8'), kept)
    assert.equal(await readFile(join(empty, '.env'), 'utf8'), 'APP_KEY=\n')
    await rm(dir, { recursive: true })
    await rm(empty, { recursive: true })
  })
})
