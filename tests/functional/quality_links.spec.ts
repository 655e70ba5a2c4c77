/**
 * Issue 17's pages are reachable: each page a role may open is linked from Samtal &
 * kvalitet (/samtal), and a page it may not open is not offered.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createContact, UserFactory } from '#database/factories/user_factory'
import type User from '#models/user'

const PAGES: { path: string; roles: string[] }[] = [
  { path: '/samtal/intervall', roles: ['samordnare', 'controller'] },
  { path: '/samtal/samtalslista', roles: ['samordnare', 'controller', 'telefoniansvarig'] },
  { path: '/samtal/oppettider', roles: ['samordnare', 'controller'] },
  { path: '/rapporter/tertial', roles: ['samordnare', 'controller'] },
  {
    path: '/rapporter/kostnadsutveckling',
    roles: ['samordnare', 'controller', 'telefoniansvarig'],
  },
]

test.group('Issue 17 pages on Samtal & kvalitet', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('each page a role can open is linked from /samtal, and only those', async ({
    client,
    assert,
  }) => {
    const users: User[] = [
      await UserFactory.create(),
      await UserFactory.apply('controller').create(),
      (await createContact()).user,
    ]
    for (const user of users) {
      const response = await client.get('/samtal').loginAs(user)
      response.assertStatus(200)
      for (const page of PAGES) {
        const linked = response.text().includes(`href="${page.path}"`)
        assert.equal(linked, page.roles.includes(user.role), `${user.role} ${page.path}`)
        if (linked) (await client.get(page.path).loginAs(user)).assertStatus(200)
      }
    }
  })
})
