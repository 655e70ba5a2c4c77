import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import { UserFactory } from '#database/factories/user_factory'

test.group('Routes / one matcher for every id', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('every route with an :id takes only a whole number: a word or a suffix is a 404', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    for (const path of ['/forum/abc', '/forum/12abc', '/rutiner/-1', '/natverkstraffar/1.5']) {
      const response = await client.get(path).loginAs(coordinator).redirects(0)
      response.assertStatus(404)
    }
  })

  test('the global matcher is on every route that has an :id', ({ assert }) => {
    router.commit()
    const withId = router.toJSON().root.filter((route) => route.pattern.includes(':id'))
    assert.isAbove(withId.length, 40)
    for (const route of withId) {
      assert.property(route.matchers, 'id', route.pattern)
    }
  })
})
