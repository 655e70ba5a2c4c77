import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

async function threadWithReplies(authorId: number, replies: number, lastPostAt: string) {
  const category = await db.from('forum_categories').firstOrFail()
  const [thread] = await db
    .table('forum_threads')
    .insert({
      category_id: category.id,
      title: 'Hänvisning vid semester',
      author_id: authorId,
      last_post_at: lastPostAt,
    })
    .returning('id')
  for (let i = 0; i <= replies; i++)
    await db
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: authorId, body: `Inlägg ${i}` })
  return Number(thread.id)
}

test.group('Forum / reads like a modern forum', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-11-15T12:00:00Z')
    return () => clock.restore()
  })

  test('the thread list is one column: initials, title, category, author, last activity as relative time with the exact time on hover, and the reply count', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact({ fullName: 'Anna Berg' } as never)
    await threadWithReplies(user.id, 2, '2026-11-15T09:00:00Z')
    const html = (await client.get('/forum').loginAs(user)).text()
    assert.notInclude(html, '<table')
    assert.include(html, '<span class="avatar" aria-hidden="true">AB</span>')
    assert.include(html, 'startad av Anna Berg')
    assert.include(
      html,
      '<time datetime="2026-11-15T09:00:00.000Z" title="2026-11-15 10:00">för 3 h sedan</time>'
    )
    assert.include(html, '<p class="thread-replies">2 svar</p>')
  })

  test('moderation tools are folded in one menu per thread and per post, not buttons above the first post', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const id = await threadWithReplies(coordinator.id, 1, '2026-11-15T09:00:00Z')
    const html = (await client.get(`/forum/${id}`).loginAs(coordinator)).text()
    const firstPost = html.indexOf('<article')
    const menu = html.indexOf('<details class="moderation-menu">')
    assert.isAbove(menu, -1)
    assert.isBelow(menu, firstPost)
    // the pin button sits inside the menu
    const pin = html.indexOf('value="pin"')
    assert.isAbove(pin, menu)
    assert.isBelow(pin, html.indexOf('</details>', menu))
    // one menu for the thread and one per post (2 posts)
    assert.lengthOf(html.match(/<details class="moderation-menu">/g)!, 3)
    // a contact sees none of it
    const { user: contact } = await createContact()
    const own = (await client.get(`/forum/${id}`).loginAs(contact)).text()
    assert.notInclude(own, 'moderation-menu')
  })

  test('the composer previews a reply without storing it; the text comes back in the form', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const id = await threadWithReplies(user.id, 0, '2026-11-15T09:00:00Z')
    const posts = async () => Number((await db.from('forum_posts').count('* as n').first()).n)
    const before = await posts()
    const preview = await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'Se **avsnitt 3** i rutinen', preview: '1' })
    preview.assertStatus(200)
    assert.equal(await posts(), before)
    const html = preview.text()
    assert.include(html, 'Förhandsgranskning')
    assert.include(html, '<strong>avsnitt 3</strong>')
    assert.include(html, 'Se **avsnitt 3** i rutinen</textarea>')
    // sending it stores it
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'Se **avsnitt 3** i rutinen' })
    assert.equal(await posts(), before + 1)
  })

  test('a new thread is previewed the same way, its title and category kept', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const category = await db.from('forum_categories').firstOrFail()
    const response = await client
      .post('/forum')
      .loginAs(user)
      .withCsrfToken()
      .form({ categoryId: category.id, title: 'Min fråga', body: '_kursiv_ text', preview: '1' })
    response.assertStatus(200)
    assert.equal(Number((await db.from('forum_threads').count('* as n').first()).n), 0)
    const html = response.text()
    assert.include(html, '<em>kursiv</em>')
    assert.include(html, 'value="Min fråga"')
  })
})
