import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { periodWithShares } from '#tests/helpers/month_end_fixtures'
import User from '#models/user'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

test.group('JSON API', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('without a token the API answers 401 in JSON', async ({ client }) => {
    const response = await client.get('/api/v1/periods')
    response.assertStatus(401)
    response.assertBodyContains({
      errors: [{ message: 'En giltig API-nyckel krävs (Authorization: Bearer …).' }],
    })
  })

  test("an integration user's token reads periods and a period's allocation in öre", async ({
    client,
    assert,
  }) => {
    const integration = await UserFactory.apply('controller').create()
    const token = await User.accessTokens.create(integration, ['read'], { name: 'Agresso' })
    const organisation = await OrganisationFactory.create()
    await periodWithShares(
      '2026-10',
      [{ organisationId: organisation.id, weight: 10, amountOre: 15_000_000 }],
      { pool: 'SAMORDNING', keyDate: '2025-10-31' }
    )
    const periods = await client.get('/api/v1/periods').bearerToken(token.value!.release())
    periods.assertStatus(200)
    periods.assertBody({
      periods: [{ period: '2026-10', status: 'approved', allocatedOre: 15_000_000 }],
    })
    const detail = await client
      .get('/api/v1/periods/2026-10/allocation')
      .bearerToken(token.value!.release())
    detail.assertStatus(200)
    assert.deepEqual(detail.body().pools[0], {
      code: 'SAMORDNING',
      amountOre: 15_000_000,
      basis: 'extensions',
      keyDate: '2025-10-31',
      total: 10,
      shares: [{ organisation: organisation.code, count: 10, amountOre: 15_000_000 }],
    })
  })

  test("a telephony contact's token cannot read the city's figures", async ({ client }) => {
    const { user } = await createContact()
    const token = await User.accessTokens.create(user, ['read'])
    const response = await client.get('/api/v1/invoices').bearerToken(token.value!.release())
    response.assertStatus(403)
  })

  test('the coordinator creates a key that is shown once, and can revoke it', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const integration = await UserFactory.apply('controller').create()
    const response = await client
      .post(`/administration/anvandare/${integration.id}/api-nycklar`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Agresso-import' })
      .redirects(0)
    // shown in the answer itself, never kept in the session
    response.assertStatus(200)
    response.assertHeader('cache-control', 'no-store')
    const value = /<code>(vxn_[^<]+)<\/code>/.exec(response.text())?.[1] ?? ''
    assert.match(value, /^vxn_/)
    assert.notProperty(response.flashMessages(), 'newToken')
    const [stored] = await User.accessTokens.all(integration)
    assert.equal(stored.name, 'Agresso-import')
    const ok = await client.get('/api/v1/periods').bearerToken(value)
    ok.assertStatus(200)
    await client
      .delete(`/administration/anvandare/${integration.id}/api-nycklar/${stored.identifier}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    const revoked = await client.get('/api/v1/periods').bearerToken(value)
    revoked.assertStatus(401)
  })
})
