/**
 * The production build, as an administrator runs it: `node ace build`, then in build/
 * `node bin/server.js` and `node ace.js …` without the TypeScript loader, configured by
 * environment variables only, on the test database.
 */
import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { databaseSettings } from '#services/database_settings'
import { freePort, startNode, waitForHttp } from '#tests/helpers/processes'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'

const appRoot = new URL('../../', import.meta.url).pathname
const buildDir = join(appRoot, 'build')

function databaseUrl() {
  const { connection } = databaseSettings()
  if (connection.connectionString) return connection.connectionString
  return `postgres://${connection.user}:${encodeURIComponent(connection.password ?? '')}@${connection.host}:${connection.port}/${connection.database}`
}

/** Everything a production instance is given; nothing from the developer's .env. */
async function productionEnv(overrides: NodeJS.ProcessEnv = {}) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    APP_KEY: 'production-test-key-0123456789abcdef',
    DATABASE_URL: databaseUrl(),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SESSION_DRIVER: 'database',
    STORAGE_PATH: await mkdtemp(join(tmpdir(), 'vx-build-storage-')),
    LOG_LEVEL: 'info',
    TZ: 'UTC',
    ...overrides,
  }
}

test.group('Production build', (group) => {
  group.setup(async () => {
    // what `npm run build` runs: the route types first (a fresh clone has none), then the build
    for (const args of [
      ['ace.js', 'codegen'],
      ['ace.js', 'build', '--tsconfig=tsconfig.build.json'],
    ]) {
      const step = spawnSync(process.execPath, args, { cwd: appRoot, encoding: 'utf8' })
      if (step.status !== 0)
        throw new Error(`node ${args.join(' ')} failed:\n${step.stdout}\n${step.stderr}`)
    }
    // `npm ci --omit=dev` in build/ installs the same packages; the test uses the project's
    if (!existsSync(join(buildDir, 'node_modules')))
      await symlink(join(appRoot, 'node_modules'), join(buildDir, 'node_modules'))
  })

  test('the built server refuses to start without NODE_ENV=production, APP_KEY and DATABASE_URL, naming each', async ({
    assert,
  }) => {
    const running = startNode(['bin/server.js'], { cwd: buildDir, env: { PATH: process.env.PATH } })
    assert.equal(await running.exited, 1)
    for (const variable of ['NODE_ENV', 'APP_KEY', 'DATABASE_URL'])
      assert.include(running.output(), `- ${variable}`)
    assert.notInclude(running.output(), '    at ')
  }).timeout(30_000)

  test('the built server serves the login page and /health/ready, logs each request as a JSON line with its id, user and duration, and stops on SIGTERM', async ({
    assert,
  }) => {
    const env = await productionEnv()
    const user = await UserFactory.merge({ email: `bygget-${Date.now()}@stad.example` }).create()
    const running = startNode(['bin/server.js'], { cwd: buildDir, env })
    const base = `http://127.0.0.1:${env.PORT}`
    try {
      await waitForHttp(`${base}/health/live`, running)
      const ready = await fetch(`${base}/health/ready`)
      assert.equal(ready.status, 200)
      const sessionsBefore = Number((await db.from('sessions').count('* as n').first())!.n)
      for (let probe = 0; probe < 3; probe++) await fetch(`${base}/health/ready`)
      assert.equal(
        Number((await db.from('sessions').count('* as n').first())!.n),
        sessionsBefore,
        'a probe makes no session'
      )

      const login = await fetch(`${base}/logga-in`)
      assert.equal(login.status, 200)
      const cookies = login.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ')
      const csrf = /name='_csrf' value='([^']+)'/.exec(await login.text())![1]
      const posted = await fetch(`${base}/logga-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': cookies },
        body: new URLSearchParams({ _csrf: csrf, email: user.email, password: TEST_PASSWORD }),
      })
      assert.equal(posted.headers.get('location'), '/oversikt')
      const session = posted.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ')
      const overview = await fetch(`${base}/oversikt`, { headers: { cookie: session } })
      assert.equal(overview.status, 200)

      running.child.kill('SIGTERM')
      assert.equal(await running.exited, 0)
      const lines = running
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line))
      const request = lines.find((line) => line.msg === 'request' && line.path === '/oversikt')
      assert.isDefined(request, running.output())
      assert.include(request, { method: 'GET', status: 200, user_id: user.id })
      assert.isString(request.request_id)
      assert.isNumber(request.duration_ms)
    } finally {
      if (running.child.exitCode === null) running.child.kill('SIGKILL')
      await db.from('users').where('id', user.id).delete()
      await rm(env.STORAGE_PATH, { recursive: true, force: true })
    }
  }).timeout(60_000)

  test('ace commands run from the build without the TypeScript loader; without NODE_ENV they are refused', async ({
    assert,
  }) => {
    const env = await productionEnv()
    const status = startNode(['ace.js', 'migration:status'], { cwd: buildDir, env })
    assert.equal(await status.exited, 0, status.output())
    assert.include(status.output(), 'completed')
    const refused = startNode(['ace.js', 'migration:status', '--json'], {
      cwd: buildDir,
      env: { ...env, NODE_ENV: 'development' },
    })
    assert.equal(await refused.exited, 1)
    assert.deepEqual(JSON.parse(refused.output()), {
      status: 'error',
      errors: [
        {
          message:
            'NODE_ENV är "development": produktionsbygget körs bara med NODE_ENV=production.',
        },
      ],
    })
    await rm(env.STORAGE_PATH, { recursive: true, force: true })
  }).timeout(60_000)
})
