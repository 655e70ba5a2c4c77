import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'

async function post(title: string, body: string, authorId: number, hidden = false) {
  const category = await db.from('forum_categories').orderBy('id').firstOrFail()
  const [thread] = await db
    .table('forum_threads')
    .insert({ category_id: category.id, title, author_id: authorId })
    .returning('id')
  const [row] = await db
    .table('forum_posts')
    .insert({ thread_id: thread.id, author_id: authorId, body, hidden })
    .returning('id')
  return { threadId: Number(thread.id), postId: Number(row.id) }
}

async function routine(title: string, body: string, published = true) {
  const [category] = await db
    .table('routine_categories')
    .insert({ name: `Sök ${title}` })
    .returning('id')
  const [row] = await db
    .table('routines')
    .insert({ category_id: category.id, draft_title: title, draft_body: body })
    .returning('id')
  if (published)
    await db.table('routine_versions').insert({
      routine_id: row.id,
      version: 1,
      title,
      body,
      change_note: 'Första',
      significant: true,
    })
  return Number(row.id)
}

async function searchTitles(client: ApiClient, user: User, query: string) {
  const page = (await client.get(`/sok?q=${encodeURIComponent(query)}`).loginAs(user)).text()
  return [...page.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((match) => match[1])
}

test.group('Search', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an inflected Swedish word finds its other forms: "vidarekoppling" finds "vidarekopplingar"', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    await post('Frågor om telefoni', 'Hur hanterar ni vidarekopplingar under semestern?', user.id)
    await post('Annat ämne', 'Fakturan för oktober kom sent.', user.id)
    assert.deepEqual(await searchTitles(client, user, 'vidarekoppling'), ['Frågor om telefoni'])
  })

  test('a compound finds its parts written apart: "växelrutin" finds "rutin för växeln"', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    await routine('Driftstörning', 'Detta är vår rutin för växeln när något går fel.')
    await routine('Bemötande', 'Svara vänligt och med förvaltningens namn.')
    assert.deepEqual(await searchTitles(client, user, 'växelrutin'), ['Driftstörning'])
  })

  test('a misspelt word still finds the text through trigrams: "vidarekopling"', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    await post('Vidarekoppling vid frånvaro', 'Koppla om anknytningen till svarsgruppen.', user.id)
    assert.deepEqual(await searchTitles(client, user, 'vidarekopling'), [
      'Vidarekoppling vid frånvaro',
    ])
  })

  test('words beginning with Å, Ä or Ö match whatever their case', async ({ client, assert }) => {
    const { user } = await createContact()
    await post('Öppettider', 'Öppettiderna ändras i jul. Återkom till samordnaren.', user.id)
    assert.deepEqual(await searchTitles(client, user, 'öppettider'), ['Öppettider'])
    assert.deepEqual(await searchTitles(client, user, 'ÅTERKOM'), ['Öppettider'])
  })

  test('only what the user may see: hidden posts for the coordinator only, unpublished routines for nobody', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    await post('Dolt inlägg', 'Hemlig kommentar om telefonisterna.', contact.id, true)
    await routine('Utkast om telefonisterna', 'Ej publicerad text om telefonisterna.', false)
    await routine('Publicerad om telefonisterna', 'Publicerad text om telefonisterna.')
    assert.deepEqual(await searchTitles(client, contact, 'telefonisterna'), [
      'Publicerad om telefonisterna',
    ])
    assert.sameMembers(await searchTitles(client, coordinator, 'telefonisterna'), [
      'Publicerad om telefonisterna',
      'Dolt inlägg',
    ])
  })

  test('the index follows every write: an edited post, a renamed thread, a new routine version, published minutes', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const { threadId, postId } = await post(
      'Gammal rubrik',
      'Texten handlar om kaffeautomaten.',
      user.id
    )
    await db
      .from('forum_posts')
      .where('id', postId)
      .update({ body: 'Texten handlar om anknytningsregistret.' })
    assert.deepEqual(await searchTitles(client, user, 'kaffeautomaten'), [])
    assert.deepEqual(await searchTitles(client, user, 'anknytningsregistret'), ['Gammal rubrik'])
    await db.from('forum_threads').where('id', threadId).update({ title: 'Ny rubrik' })
    assert.deepEqual(await searchTitles(client, user, 'anknytningsregistret'), ['Ny rubrik'])

    const routineId = await routine('Rutin A', 'Första lydelsen om nattläge.')
    await db.table('routine_versions').insert({
      routine_id: routineId,
      version: 2,
      title: 'Rutin A',
      body: 'Andra lydelsen om helgläge.',
      change_note: 'Ny',
      significant: false,
    })
    assert.deepEqual(await searchTitles(client, user, 'nattläge'), [])
    assert.deepEqual(await searchTitles(client, user, 'helgläge'), ['Rutin A'])

    const [meeting] = await db
      .table('meetings')
      .insert({
        title: 'Träff i december',
        starts_at: new Date('2026-12-01T09:00:00Z'),
        ends_at: new Date('2026-12-01T10:00:00Z'),
        place: 'Stadshuset',
        created_by: coordinator.id,
      })
      .returning('id')
    await db
      .from('meetings')
      .where('id', meeting.id)
      .update({ minutes: 'Beslut: julstängning av receptionerna.' })
    assert.deepEqual(await searchTitles(client, user, 'julstängning'), ['Träff i december'])
    await db.from('forum_posts').where('id', postId).delete()
    assert.deepEqual(await searchTitles(client, user, 'anknytningsregistret'), [])
  })

  test('snippets mark the matched words and escape what the text contains', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    await post(
      'Formatering',
      'Se **vidarekopplingar** här <script>alert(1)</script> och <img src=x onerror=alert(2)>',
      user.id
    )
    const page = (await client.get('/sok?q=vidarekoppling').loginAs(user)).text()
    assert.include(page, '<mark>vidarekopplingar</mark>')
    assert.notInclude(page, '<script>alert(1)')
    assert.notInclude(page, '<img src=x')
    assert.include(page, '&lt;img src=x onerror=alert')
  })

  test('an empty query or one without letters searches nothing and says what to do', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    const empty = await client.get('/sok?q=').loginAs(user)
    empty.assertStatus(200)
    assert.include(empty.text(), 'Sök i publicerade rutiner')
    const symbols = await client.get(`/sok?q=${encodeURIComponent('&&& ::: !!')}`).loginAs(user)
    symbols.assertStatus(200)
    assert.include(symbols.text(), 'Inga träffar')
  })

  test('the header search is labelled for what it searches — routines, forum and meetings — in Swedish and English, and a hit names the kind of meeting', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const swedish = (await client.get('/oversikt').loginAs(contact)).text()
    assert.include(
      swedish,
      '<label for="header-search" class="visually-hidden">Sök i rutiner, forum och möten</label>'
    )
    assert.include(swedish, 'placeholder="Sök rutiner, forum, möten…"')
    const english = (
      await client
        .get('/oversikt')
        .loginAs(await UserFactory.merge({ locale: 'en' }).create())
        .withSession({ locale: 'en' })
    ).text()
    assert.include(
      english,
      '<label for="header-search" class="visually-hidden">Search routines, forum and meetings</label>'
    )

    // the hint says what each reader's search covers: the coordinator every kind of meeting,
    // the others the network meetings (the other kinds are hidden from their search)
    const coordinatorHint = (await client.get('/sok').loginAs(coordinator)).text()
    assert.include(coordinatorHint, 'styrgruppsmöten, leverantörsmöten och avstämningar')
    const contactHint = (await client.get('/sok').loginAs(contact)).text()
    assert.include(contactHint, 'nätverksträffarnas dagordningar och minnesanteckningar')
    assert.notInclude(contactHint, 'styrgruppsmöten')

    await db.table('meetings').insert({
      title: 'Styrgruppen i december',
      kind: 'steering_group',
      starts_at: new Date('2026-12-01T09:00:00Z'),
      ends_at: new Date('2026-12-01T10:00:00Z'),
      place: 'Stadshuset',
      agenda: 'Budgeten för växelprojektet.',
    })
    const hits = (await client.get('/sok?q=växelprojektet').loginAs(coordinator)).text()
    assert.match(
      hits,
      /<h2><a href="[^"]+">Styrgruppen i december<\/a><\/h2>\s*<p><span class="badge">Styrgruppsmöte<\/span>/
    )
    assert.deepEqual(await searchTitles(client, contact, 'växelprojektet'), [])
  })
})
