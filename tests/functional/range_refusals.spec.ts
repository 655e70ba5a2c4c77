/**
 * A date range typed into the range view, the quality API or `quality:report --from --to`
 * (issue 17 point 4): every refusal says what is wrong, in Swedish, with the right status or
 * exit code — a date left out, a date outside 1970–2199, a preset that does not exist — and
 * quotes what was typed only as short text.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'

async function aceJson(name: string, args: string[]) {
  const ace = (await import('@adonisjs/core/services/ace')).default
  ace.ui.switchMode('raw')
  try {
    const command = await ace.exec(name, [...args, '--json'])
    return { exitCode: command.exitCode, output: JSON.parse(ace.ui.logger.getLogs()[0].message) }
  } finally {
    ace.ui.switchMode('normal')
  }
}

test.group('Range refusals', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a preset that does not exist is refused with 422, not shown as last month', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    for (const query of ['forval=finnsinte', 'forval[]=i-ar']) {
      const response = await client.get(`/samtal/intervall?${query}`).loginAs(coordinator)
      response.assertStatus(422)
      response.assertTextIncludes('Förvalet finns inte')
    }
  })

  test('the API names a missing date and a date outside 1970–2199 for what they are', async ({
    client,
    assert,
  }) => {
    const integration = await UserFactory.apply('controller').create()
    const token = (await User.accessTokens.create(integration, ['read'])).value!.release()
    const missing = await client.get('/api/v1/quality?from=2026-01-01').bearerToken(token)
    missing.assertStatus(422)
    assert.deepEqual(missing.body(), {
      status: 'error',
      errors: [{ message: 'Ange både första och sista dagen, ÅÅÅÅ-MM-DD.' }],
    })
    const old = await client.get('/api/v1/quality?from=1900-01-01&to=1900-12-31').bearerToken(token)
    old.assertStatus(422)
    assert.equal(
      old.body().errors[0].message,
      'Datumen måste ligga mellan 1970-01-01 och 2199-12-31 (1900-01-01 – 1900-12-31).'
    )
  })

  test('a refusal quotes what was typed as at most 40 characters of text', async ({
    client,
    assert,
  }) => {
    const integration = await UserFactory.apply('controller').create()
    const token = (await User.accessTokens.create(integration, ['read'])).value!.release()
    const long = await client
      .get(`/api/v1/quality?from=${'x'.repeat(5000)}&to=2026-01-01`)
      .bearerToken(token)
    long.assertStatus(422)
    assert.equal(
      long.body().errors[0].message,
      `Ange datum som finns, ÅÅÅÅ-MM-DD (${'x'.repeat(40)}… – 2026-01-01).`
    )
    const object = await client.get('/api/v1/quality?from[a]=1&to=2026-01-01').bearerToken(token)
    object.assertStatus(422)
    assert.notInclude(object.body().errors[0].message, '[object Object]')
  })

  test('quality:report with --from but no --to says the last day is missing and exits 1', async ({
    assert,
  }) => {
    const result = await aceJson('quality:report', ['--from=2026-01-01'])
    assert.equal(result.exitCode, 1)
    assert.deepEqual(result.output, {
      status: 'error',
      errors: [{ message: 'Ange både första och sista dagen, ÅÅÅÅ-MM-DD.' }],
    })
  })

  test('quality:report of a range without calls does not call the targets met', async ({
    assert,
  }) => {
    const ace = (await import('@adonisjs/core/services/ace')).default
    ace.ui.switchMode('raw')
    try {
      const command = await ace.exec('quality:report', ['--from=2031-03-29', '--to=2031-03-29'])
      assert.equal(command.exitCode, 0)
      const text = ace.ui.logger
        .getLogs()
        .map((log) => log.message)
        .join('\n')
      assert.notInclude(text, 'uppfyllt')
      assert.include(text, 'svarsandel inom 60 s: – (mål 85,0 %) inga samtal att mäta')
    } finally {
      ace.ui.switchMode('normal')
    }
  })
})
