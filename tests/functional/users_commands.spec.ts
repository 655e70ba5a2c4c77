import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'

const run = promisify(execFile)
const APP_ROOT = new URL('../../', import.meta.url).pathname

/** Run an ace command in this process; its exit code and what it printed (stdout and stderr lines). */
async function command(name: string, args: string[]) {
  ace.ui.switchMode('raw')
  try {
    const result = await ace.exec(name, args)
    const logs = ace.ui.logger.getLogs()
    return {
      exitCode: result.exitCode,
      stdout: logs.filter((log) => log.stream === 'stdout').map((log) => log.message),
      stderr: logs.filter((log) => log.stream === 'stderr').map((log) => log.message),
    }
  } finally {
    ace.ui.switchMode('normal')
  }
}

/** With --json: the exit code and the one JSON document on stdout. */
async function commandJson(name: string, args: string[]) {
  const result = await command(name, [...args, '--json'])
  if (result.stdout.length !== 1)
    throw new Error(`expected one JSON document, got ${JSON.stringify(result)}`)
  return { exitCode: result.exitCode, output: JSON.parse(result.stdout[0]) }
}

test.group('users:create refusals', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  const refusals: [string, () => Promise<string[]>, string][] = [
    [
      'an unknown role',
      async () => ['ny@stad.example', '--role=chef', '--name=Ny Person'],
      'Okänd roll "chef": ange --role=samordnare, --role=controller eller --role=telefoniansvarig.',
    ],
    [
      'a telephony contact without an organisation',
      async () => ['ny@stad.example', '--role=telefoniansvarig', '--name=Ny Person'],
      'En telefoniansvarig hör till en organisation: ange --organisation=KOD.',
    ],
    [
      'an organisation for an office role',
      async () => [
        'ny@stad.example',
        '--role=controller',
        '--name=Ny Person',
        `--organisation=${(await OrganisationFactory.create()).code}`,
      ],
      'En controller hör inte till någon organisation; --organisation anges bara för en telefoniansvarig.',
    ],
    [
      'an unknown organisation code',
      async () => [
        'ny@stad.example',
        '--role=telefoniansvarig',
        '--name=Ny Person',
        '--organisation=FINNS-EJ',
      ],
      'Det finns ingen organisation med koden "FINNS-EJ".',
    ],
    [
      'an e-mail address already in use',
      async () => [(await UserFactory.create()).email, '--role=samordnare', '--name=Ny Person'],
      'E-postadress används redan',
    ],
    [
      'an invalid e-mail address',
      async () => ['inte-en-adress', '--role=samordnare', '--name=Ny Person'],
      'E-postadress är ingen giltig e-postadress',
    ],
    ['a missing name', async () => ['ny@stad.example', '--role=samordnare'], 'Namn måste fyllas i'],
    [
      'a missing e-mail address',
      async () => ['--role=samordnare', '--name=Ny Person'],
      'Ange e-postadressen: users:create EMAIL --role=… --name=…',
    ],
  ]
  for (const [name, args, message] of refusals) {
    test(`${name}: exit 1 with the FORMATS.md error JSON, nobody created`, async ({ assert }) => {
      const argv = await args()
      const before = await db.from('users').count('* as count').first()
      const { exitCode, output } = await commandJson('users:create', argv)
      assert.equal(exitCode, 1)
      assert.deepEqual(output, { status: 'error', errors: [{ message }] })
      assert.deepEqual(await db.from('users').count('* as count').first(), before)
    })
  }

  test('without --json a refusal is a Swedish sentence on stderr and nothing on stdout', async ({
    assert,
  }) => {
    const result = await command('users:create', [
      'ny@stad.example',
      '--role=chef',
      '--name=Ny Person',
    ])
    assert.equal(result.exitCode, 1)
    assert.deepEqual(result.stdout, [])
    assert.lengthOf(result.stderr, 1)
    assert.include(result.stderr[0], 'Okänd roll "chef"')
  })
})

test.group('users:list and users:reset-password', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('users:list --json lists every user with role, organisation and one-time password state', async ({
    assert,
  }) => {
    const organisation = await OrganisationFactory.create()
    await UserFactory.merge({
      email: 'lista.kontakt@stad.example',
      role: 'telefoniansvarig',
      organisationId: organisation.id,
    }).create()
    const { exitCode, output } = await commandJson('users:list', [])
    assert.equal(exitCode, 0)
    const listed = output.users.find(
      (user: { email: string }) => user.email === 'lista.kontakt@stad.example'
    )
    assert.include(listed, {
      role: 'telefoniansvarig',
      organisation: organisation.code,
      active: true,
      mustChangePassword: false,
    })
  })

  test('users:reset-password --json gives a new generated one-time password valid 7 days', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const { exitCode, output } = await commandJson('users:reset-password', [
      user.email.toUpperCase(),
    ])
    assert.equal(exitCode, 0)
    assert.include(output, { email: user.email, role: 'samordnare', organisation: null })
    assert.match(output.oneTimePassword, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
    const changed = await User.verifyCredentials(user.email, output.oneTimePassword)
    assert.isTrue(changed.mustChangePassword)
    assert.approximately(
      Date.parse(output.oneTimePasswordExpiresAt),
      Date.now() + 7 * 86400_000,
      60_000
    )
  })

  test('users:reset-password of an unknown address: exit 1 with the error JSON', async ({
    assert,
  }) => {
    const { exitCode, output } = await commandJson('users:reset-password', ['okand@stad.example'])
    assert.equal(exitCode, 1)
    assert.deepEqual(output, {
      status: 'error',
      errors: [{ message: 'Det finns ingen användare med e-postadressen okand@stad.example.' }],
    })
  })
})

test.group('users:create in a real process, then the first login', (group) => {
  const email = 'forsta.samordnaren@stad.example'
  group.each.teardown(async () => {
    await db.from('users').where('email', email).delete()
    await db.connection('limiter').from('rate_limits').whereILike('key', `%${email}%`).delete()
  })

  test('the printed one-time password logs in over HTTP and must be replaced at once', async ({
    client,
    assert,
  }) => {
    // the command as an administrator types it (the heap flag keeps ace.js from re-running itself)
    const { stdout } = await run(
      process.execPath,
      [
        '--max-semi-space-size=16',
        'ace.js',
        'users:create',
        email,
        '--role=samordnare',
        '--name=Första Samordnaren',
        '--json',
      ],
      { cwd: APP_ROOT, env: { ...process.env, NODE_ENV: 'test' } }
    )
    const printed = JSON.parse(stdout)
    assert.deepEqual(Object.keys(printed).slice(0, 4), [
      'email',
      'role',
      'organisation',
      'oneTimePassword',
    ])
    assert.include(printed, { email, role: 'samordnare', organisation: null })

    const login = await client
      .post('/logga-in')
      .withCsrfToken()
      .form({ email, password: printed.oneTimePassword })
      .redirects(0)
    login.assertHeader('location', '/konto/losenord')
    const user = await User.findByOrFail('email', email)
    const elsewhere = await client.get('/administration/anvandare').loginAs(user).redirects(0)
    elsewhere.assertHeader('location', '/konto/losenord')

    const changed = await client
      .put('/konto/losenord')
      .loginAs(user)
      .withCsrfToken()
      .form({
        currentPassword: printed.oneTimePassword,
        newPassword: 'växel-hösten-2026!',
        newPassword_confirmation: 'växel-hösten-2026!',
      })
      .redirects(0)
    changed.assertHeader('location', '/oversikt')
    await user.refresh()
    assert.isFalse(user.mustChangePassword)
    assert.isNull(user.oneTimePasswordExpiresAt)
  }).timeout(60_000)
})
