/**
 * Hostile years on the budget and fee-preview pages and their JSON API (issue 17 points 1–2):
 * a refusal quotes what was typed as short text, never an object's "[object Object]" or
 * thousands of characters.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { tmpdir } from 'node:os'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'

test.group('Budget refusals', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a year typed as an object or as 3000 digits is quoted as at most 40 characters of text', async ({
    client,
    assert,
  }) => {
    const integration = await UserFactory.apply('controller').create()
    const token = (await User.accessTokens.create(integration, ['read'])).value!.release()
    for (const path of ['/api/v1/budget', '/api/v1/fees/preview']) {
      const object = await client.get(`${path}?year[a]=1`).bearerToken(token)
      object.assertStatus(422)
      assert.deepEqual(object.body(), {
        status: 'error',
        errors: [{ message: 'Året "" är inte ett år mellan 2000 och 2100 (ÅÅÅÅ).' }],
      })
      const long = await client.get(`${path}?year=${'9'.repeat(3000)}`).bearerToken(token)
      long.assertStatus(422)
      assert.equal(
        long.body().errors[0].message,
        `Året "${'9'.repeat(40)}…" är inte ett år mellan 2000 och 2100 (ÅÅÅÅ).`
      )
    }
    const coordinator = await UserFactory.create()
    for (const path of ['/budget', '/avgifter']) {
      const page = await client.get(`${path}?ar[a]=1`).loginAs(coordinator)
      page.assertStatus(422)
      assert.notInclude(page.text(), '[object Object]')
      const long = await client.get(`${path}?ar=${'9'.repeat(3000)}`).loginAs(coordinator)
      long.assertStatus(422)
      assert.notInclude(long.text(), '9'.repeat(41))
    }
  })

  test('budget:import of a folder or a device is refused in Swedish, exit 1, not an EISDIR stack', async ({
    assert,
  }) => {
    const ace = (await import('@adonisjs/core/services/ace')).default
    ace.ui.switchMode('raw')
    try {
      for (const path of [tmpdir(), '/dev/null']) {
        ace.ui.logger.flushLogs()
        const command = await ace.exec('budget:import', [path, '--json'])
        assert.equal(command.exitCode, 1)
        const output = JSON.parse(ace.ui.logger.getLogs()[0].message)
        assert.equal(output.status, 'rejected')
        assert.equal(output.errors[0].message, `${path} är ingen vanlig fil.`)
      }
    } finally {
      ace.ui.switchMode('normal')
    }
  })

  test('a true-up with too short a comment says so on the budget page, which marks no field', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const refused = await client
      .post('/budget/2026/SAMORDNING/avstamning')
      .form({ decision: 'accept', shownOre: '0', comment: 'a' })
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    refused.assertStatus(302)
    assert.equal(
      refused.flashMessages().error,
      'Skriv en kommentar till beslutet om avstämningen (2–1000 tecken).'
    )
    const method = await client
      .post('/budget/2026/SAMORDNING/prognosmetod')
      .form({ method: 'magi' })
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    method.assertStatus(302)
    assert.equal(method.flashMessages().error, 'Välj en av prognosmetoderna i listan.')
  })
})
