/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'

const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]

test.group('Browser / the forum reads like a modern forum', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the thread list and a thread with the moderation menu and a preview have no axe-core violations and fit at 1440 and 390 px', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.merge({ fullName: 'Sara Samordnare' }).create()
    const category = await db.from('forum_categories').firstOrFail()
    const [thread] = await db
      .table('forum_threads')
      .insert({
        category_id: category.id,
        title: 'Hur hänvisar ni vid semester när hela enheten är borta en längre tid?',
        author_id: coordinator.id,
      })
      .returning('id')
    for (const body of ['Fråga', 'Svar ett', 'Svar två'])
      await db
        .table('forum_posts')
        .insert({ thread_id: thread.id, author_id: coordinator.id, body })
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.goto('/forum')
      assert.include(await page.locator('.thread-list').innerText(), '2 svar')
      assert.deepEqual(await axeViolations(page), [], `/forum at ${size.width} px`)
      assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), size.width)

      await page.getByRole('link', { name: /Hur hänvisar ni/ }).click()
      await page.waitForLoadState()
      const pin = page.getByRole('button', { name: 'Fäst överst' })
      assert.isFalse(await pin.isVisible(), 'the moderation tools are folded away')
      await page.locator('details.moderation-menu > summary').first().click()
      assert.isTrue(await pin.isVisible(), 'Moderera opens them')
      await page.getByLabel('Ditt svar (Markdown)').fill('Se **avsnitt 3**')
      await page.getByRole('button', { name: 'Förhandsgranska' }).click()
      await page.waitForLoadState()
      assert.equal(await page.locator('.forum-preview strong').innerText(), 'avsnitt 3')
      assert.deepEqual(await axeViolations(page), [], `thread at ${size.width} px`)
      assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), size.width)
    }
  })
})
