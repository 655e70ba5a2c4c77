import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import { UserFactory } from '#database/factories/user_factory'
import { BENCH_BARE_PATH } from '#start/routes'

test.group('Routes / the page benchmark’s bare route', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the bare route of bench/pages.ts does not exist without BENCH_BARE_ROUTE: not routed, a 404 even signed in', async ({
    client,
    assert,
  }) => {
    assert.isUndefined(process.env.BENCH_BARE_ROUTE)
    router.commit()
    const routes = router.toJSON().root
    assert.isAbove(routes.length, 100)
    assert.notInclude(
      routes.map((route) => route.pattern),
      BENCH_BARE_PATH
    )
    assert.notInclude(
      routes.map((route) => route.name),
      'bench.bare'
    )
    const coordinator = await UserFactory.create()
    const response = await client.get(BENCH_BARE_PATH).loginAs(coordinator).redirects(0)
    response.assertStatus(404)
    assert.notEqual(response.text(), 'ok')
  })
})
