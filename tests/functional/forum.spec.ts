import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { UserFactory, createContact } from '#database/factories/user_factory'
import type { ApiClient } from '@japa/api-client'
import { clock } from '#services/clock'

async function startThread(client: ApiClient, author: User, title: string, body: string) {
  const category = await db.from('forum_categories').orderBy('id').firstOrFail()
  const response = await client
    .post('/forum')
    .loginAs(author)
    .withCsrfToken()
    .form({ categoryId: category.id, title, body })
    .redirects(0)
  return Number(response.header('location')!.split('/')[2])
}

async function postIds(threadId: number) {
  return (await db.from('forum_posts').where('thread_id', threadId).orderBy('id').select('id')).map(
    (row) => row.id as number
  )
}

test.group('Forum', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => clock.restore())

  test('an author may edit a post until exactly 30 minutes after writing it, not a moment later', async ({
    client,
    assert,
  }) => {
    const { user: author } = await createContact()
    const threadId = await startThread(client, author, 'Fönstret', 'Första lydelsen')
    const post = await db.from('forum_posts').where('thread_id', threadId).firstOrFail()
    const written = new Date(post.created_at).getTime()
    const edit = (body: string) =>
      client
        .put(`/forum/inlagg/${post.id}`)
        .loginAs(author)
        .withCsrfToken()
        .form({ body })
        .redirects(0)
    const bodyNow = async () =>
      (await db.from('forum_posts').where('id', post.id).firstOrFail()).body as string

    clock.freeze(new Date(written + 30 * 60_000))
    await edit('Vid trettio minuter')
    assert.equal(await bodyNow(), 'Vid trettio minuter')

    clock.freeze(new Date(written + 30 * 60_000 + 1))
    await edit('En millisekund för sent')
    assert.equal(await bodyNow(), 'Vid trettio minuter')
  })

  test('a thread is unread for others until they open it, and unread again after a new reply', async ({
    client,
    assert,
  }) => {
    const { user: asker } = await createContact()
    const { user: reader } = await createContact()
    const id = await startThread(
      client,
      asker,
      'Hänvisning vid semester',
      'Hur gör ni med hänvisning i juli?'
    )
    const unread = async () =>
      (await client.get('/forum').loginAs(reader)).text().includes('>oläst<')
    assert.isTrue(await unread())
    await client.get(`/forum/${id}`).loginAs(reader)
    assert.isFalse(await unread())
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(asker)
      .withCsrfToken()
      .form({ body: 'Någon?' })
      .redirects(0)
    assert.isTrue(await unread())
  })

  test('post text is rendered as sanitised Markdown: no script and no event handlers reach the page', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const id = await startThread(
      client,
      user,
      'Test av formatering',
      '**Viktigt** <script>alert(1)</script> <img src=x onerror=alert(2)> [länk](javascript:alert(3))'
    )
    const page = (await client.get(`/forum/${id}`).loginAs(user)).text()
    assert.include(page, '<strong>Viktigt</strong>')
    assert.notInclude(page, '<script>alert(1)')
    assert.notInclude(page, '<img src=x onerror')
    assert.notInclude(page, 'href="javascript:')
  })

  test('only the author edits a post, and only within the edit window', async ({
    client,
    assert,
  }) => {
    const { user: author } = await createContact()
    const { user: other } = await createContact()
    const id = await startThread(client, author, 'Nummerbyte', 'Vi byter nummer i mars.')
    const [postId] = await postIds(id)
    const byOther = await client
      .put(`/forum/inlagg/${postId}`)
      .loginAs(other)
      .withCsrfToken()
      .form({ body: 'Kapat' })
      .redirects(0)
    byOther.assertStatus(403)
    await client
      .put(`/forum/inlagg/${postId}`)
      .loginAs(author)
      .withCsrfToken()
      .form({ body: 'Vi byter nummer i april.' })
      .redirects(0)
    assert.equal(
      (await db.from('forum_posts').where('id', postId).firstOrFail()).body,
      'Vi byter nummer i april.'
    )

    await db
      .from('forum_posts')
      .where('id', postId)
      .update({ created_at: new Date(Date.now() - 31 * 60_000) })
    const late = await client
      .put(`/forum/inlagg/${postId}`)
      .loginAs(author)
      .withCsrfToken()
      .form({ body: 'För sent' })
      .redirects(0)
    late.assertStatus(302)
    assert.equal(
      (await db.from('forum_posts').where('id', postId).firstOrFail()).body,
      'Vi byter nummer i april.'
    )
  })

  test("the coordinator edits someone else's post only with a note, which everyone sees under the post", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: author } = await createContact()
    const id = await startThread(
      client,
      author,
      'Nummer till receptionen',
      'Ring Anna på 070-123 45 67.'
    )
    const [postId] = await postIds(id)
    const withoutNote = await client
      .put(`/forum/inlagg/${postId}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', `/forum/inlagg/${postId}/redigera`)
      .form({ body: 'Ring receptionen.' })
    assert.include(withoutNote.text(), 'Anteckningen måste fyllas i')
    assert.equal(
      (await db.from('forum_posts').where('id', postId).firstOrFail()).body,
      'Ring Anna på 070-123 45 67.'
    )
    await client
      .put(`/forum/inlagg/${postId}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ body: 'Ring receptionen.', editNote: 'Privat mobilnummer borttaget' })
      .redirects(0)
    const page = (await client.get(`/forum/${id}`).loginAs(author)).text()
    assert.include(page, 'Ring receptionen.')
    assert.include(page, 'Ändrat av samordnaren: Privat mobilnummer borttaget')
    assert.notInclude(page, '070-123')
  })

  test('the thread author marks a reply as the solution; another contact may not', async ({
    client,
    assert,
  }) => {
    const { user: asker } = await createContact()
    const { user: helper } = await createContact()
    const id = await startThread(client, asker, 'Köstatistik', 'Var ser jag kötiden?')
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(helper)
      .withCsrfToken()
      .form({ body: 'Under Samtal & kvalitet.' })
      .redirects(0)
    const [, answerId] = await postIds(id)
    const byHelper = await client
      .post(`/forum/inlagg/${answerId}/losning`)
      .loginAs(helper)
      .withCsrfToken()
      .redirects(0)
    byHelper.assertStatus(403)
    await client
      .post(`/forum/inlagg/${answerId}/losning`)
      .loginAs(asker)
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      (await db.from('forum_threads').where('id', id).firstOrFail()).solution_post_id,
      answerId
    )
    ;(await client.get('/forum').loginAs(helper)).assertTextIncludes('>löst<')
  })

  test('a locked thread takes no replies; a hidden post shows the moderator note instead of the text', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const id = await startThread(client, contact, 'Klagomål', 'Olämplig text här')
    const [postId] = await postIds(id)
    await client
      .post(`/forum/${id}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'lock' })
      .redirects(0)
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ body: 'Ett svar till' })
      .redirects(0)
    assert.lengthOf(await postIds(id), 1)

    await client
      .post(`/forum/inlagg/${postId}/anmal`)
      .loginAs(contact)
      .withCsrfToken()
      .form({ reason: 'Personuppgifter i texten' })
      .redirects(0)
    ;(await client.get('/forum/anmalningar').loginAs(coordinator)).assertTextIncludes(
      'Personuppgifter i texten'
    )
    await client
      .post(`/forum/inlagg/${postId}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'hide', note: 'Innehöll personuppgifter' })
      .redirects(0)
    const page = (await client.get(`/forum/${id}`).loginAs(contact)).text()
    assert.include(page, 'Inlägget har dolts av samordnaren: Innehöll personuppgifter')
    assert.notInclude(page, 'Olämplig text här')
    assert.include(page, 'Tråden är låst')
  })

  test('an empty reply gets a Swedish message and stores nothing', async ({ client, assert }) => {
    const { user } = await createContact()
    const id = await startThread(client, user, 'Tom fråga', 'Text')
    const response = await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .header('referer', `/forum/${id}`)
      .form({ body: '   ' })
    response.assertTextIncludes('Text måste fyllas i')
    assert.lengthOf(await postIds(id), 1)
  })

  test('the forum list shows 30 threads per page, latest activity first, with links to every page, even past the end', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const category = await db.from('forum_categories').orderBy('id').firstOrFail()
    await db.table('forum_threads').multiInsert(
      Array.from({ length: 31 }, (_, index) => ({
        category_id: category.id,
        title: `Tråd nummer ${index + 1}.`,
        author_id: user.id,
        last_post_at: new Date(Date.UTC(2026, 9, 1 + index)),
      }))
    )
    const first = (await client.get('/forum').loginAs(user)).text()
    assert.include(first, 'Tråd nummer 31.')
    assert.notInclude(first, 'Tråd nummer 1.')
    assert.include(first, 'href="/forum?page=2"')
    const second = (await client.get('/forum?page=2').loginAs(user)).text()
    assert.include(second, 'Tråd nummer 1.')
    assert.notInclude(second, 'Tråd nummer 2.')
    // past the end: no threads, but the links to the real pages remain
    const beyond = (await client.get('/forum?page=9').loginAs(user)).text()
    assert.notInclude(beyond, 'Tråd nummer')
    assert.include(beyond, 'href="/forum?page=1"')
    assert.include(beyond, 'href="/forum?page=2"')
  })

  test('quoting a post starts the reply with the post as a Markdown quote', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const id = await startThread(client, user, 'Citat', 'Första raden\nAndra raden')
    const [postId] = await postIds(id)
    const page = (await client.get(`/forum/${id}?citera=${postId}`).loginAs(user)).text()
    const reply = page.slice(page.indexOf('id="svara"'))
    assert.include(reply, '&gt; Första raden\n&gt; Andra raden')
  })

  test('the coordinator moves a thread to another category; moving needs a category', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const id = await startThread(client, user, 'Fel kategori', 'Text')
    const target = await db
      .from('forum_categories')
      .where('name', 'Teknik och anknytningar')
      .firstOrFail()
    await client
      .post(`/forum/${id}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'move' })
      .redirects(0)
    assert.notEqual(
      (await db.from('forum_threads').where('id', id).firstOrFail()).category_id,
      target.id
    )
    await client
      .post(`/forum/${id}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'move', categoryId: target.id })
      .redirects(0)
    assert.equal(
      (await db.from('forum_threads').where('id', id).firstOrFail()).category_id,
      target.id
    )
  })

  test('refused edits and replies say why in Swedish: the edit window has passed, the thread is locked', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const id = await startThread(client, user, 'Gammal fråga', 'Text')
    const [postId] = await postIds(id)
    await db
      .from('forum_posts')
      .where('id', postId)
      .update({ created_at: new Date(Date.now() - 31 * 60_000) })
    const late = await client
      .put(`/forum/inlagg/${postId}`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'Ny text' })
    late.assertTextIncludes('Inlägg kan ändras i 30 minuter efter att de skrivits.')

    await client
      .post(`/forum/${id}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'lock' })
      .redirects(0)
    const locked = await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'Ett svar' })
    locked.assertTextIncludes('Tråden är låst; nya svar går inte att skriva.')
  })

  test('the reply count leaves out the opening post and hidden posts, even when the opening post is hidden', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const id = await startThread(client, user, 'Räkna svar', 'Fråga')
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'Svar ett' })
      .redirects(0)
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(user)
      .withCsrfToken()
      .form({ body: 'Svar två' })
      .redirects(0)
    const [opening, first] = await postIds(id)
    const replies = async () => {
      const page = (await client.get('/forum').loginAs(user)).text()
      const row = page.slice(page.indexOf('Räkna svar'))
      const count = /<p class="thread-replies">(inga|\d+) svar<\/p>/.exec(row)![1]
      return count === 'inga' ? 0 : Number(count)
    }
    assert.equal(await replies(), 2)
    await client
      .post(`/forum/inlagg/${first}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'hide' })
      .redirects(0)
    assert.equal(await replies(), 1)
    await client
      .post(`/forum/inlagg/${opening}/moderera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ action: 'hide' })
      .redirects(0)
    assert.equal(await replies(), 1)
  })
})
