import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'

const routineForm = (categoryId: number) => ({
  categoryId,
  title: 'Rutin om kategorier',
  body: 'Text',
})

test.group('Categories / a clean installation', () => {
  test('after the migrations alone there are routine categories, forum categories and one for the meetings', async ({
    assert,
  }) => {
    const routines = await db
      .from('routine_categories')
      .whereNull('archived_at')
      .orderBy('sort_order')
      .select('name')
    assert.deepEqual(routines.map((row) => row.name).slice(0, 4), [
      'Växeln och vidarekoppling',
      'Bemötande',
      'Anknytningar och beställningar',
      'Avvikelser och klagomål',
    ])
    const forum = await db
      .from('forum_categories')
      .whereNull('archived_at')
      .select('name', 'purpose')
    assert.isAtLeast(forum.length, 3)
    assert.equal(forum.filter((row) => row.purpose === 'meetings').length, 1)
  })
})

test.group('Categories / managed by the coordinator', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator adds, renames and orders a routine category; the routine form offers them in that order', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const created = await client
      .post('/administration/kategorier/rutiner')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Sommarstängning' })
      .redirects(0)
    created.assertFlashMessage('success', 'Kategorin Sommarstängning är tillagd.')
    const row = await db.from('routine_categories').where('name', 'Sommarstängning').firstOrFail()
    await client
      .put(`/administration/kategorier/rutiner/${row.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Stängt i växeln', sortOrder: '1' })
      .redirects(0)
    const form = await client.get('/rutiner/ny').loginAs(coordinator)
    const text = form.text()
    assert.include(text, 'Stängt i växeln')
    assert.isBelow(text.indexOf('Stängt i växeln'), text.indexOf('Växeln och vidarekoppling'))
    const audit = await db
      .from('audit_log')
      .where('entity_type', 'category')
      .where('entity_id', `rutiner-${row.id}`)
    assert.lengthOf(audit, 2)
  })

  test('two categories of a kind cannot share a name: a Swedish refusal, nothing stored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/administration/kategorier/forum')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Allmänt' })
      .redirects(0)
    response.assertFlashMessage('error', 'Det finns redan en kategori som heter Allmänt.')
    const rows = await db.from('forum_categories').where('name', 'Allmänt')
    assert.lengthOf(rows, 1)
  })

  test('an archived category is not offered for a new routine and a routine under it is refused, an existing routine keeps it', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Gammal kategori' })
      .returning('id')
    const [kept] = await db
      .table('routines')
      .insert({ category_id: category.id, draft_title: 'Befintlig', draft_body: 'Text' })
      .returning('id')
    await client
      .post(`/administration/kategorier/rutiner/${category.id}/arkivera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)

    const form = await client.get('/rutiner/ny').loginAs(coordinator)
    assert.notInclude(form.text(), 'Gammal kategori')
    const refused = await client
      .post('/rutiner')
      .loginAs(coordinator)
      .withCsrfToken()
      .form(routineForm(category.id))
      .redirects(0)
    assert.property(refused.flashMessages().inputErrorsBag ?? {}, 'categoryId')
    assert.lengthOf(await db.from('routines').where('draft_title', 'Rutin om kategorier'), 0)

    const edit = await client.get(`/rutiner/${kept.id}/redigera`).loginAs(coordinator)
    assert.include(edit.text(), 'Gammal kategori')
    const saved = await client
      .put(`/rutiner/${kept.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form(routineForm(category.id))
      .redirects(0)
    saved.assertHeader('location', `/rutiner/${kept.id}/redigera`)
    assert.equal(
      (await db.from('routines').where('id', kept.id).firstOrFail()).draft_title,
      'Rutin om kategorier'
    )

    await client
      .post(`/administration/kategorier/rutiner/${category.id}/aterstall`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    assert.include((await client.get('/rutiner/ny').loginAs(coordinator)).text(), 'Gammal kategori')
  })

  test('a category in use cannot be deleted (archive it instead); an unused one can', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const [used] = await db.table('routine_categories').insert({ name: 'Används' }).returning('id')
    await db
      .table('routines')
      .insert({ category_id: used.id, draft_title: 'Rutin', draft_body: 'Text' })
    const [unused] = await db.table('routine_categories').insert({ name: 'Tom' }).returning('id')

    const refused = await client
      .delete(`/administration/kategorier/rutiner/${used.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    refused.assertFlashMessage(
      'error',
      'Kategorin Används används (1 st) och kan inte tas bort. Arkivera den i stället.'
    )
    assert.isNotNull(await db.from('routine_categories').where('id', used.id).first())

    const deleted = await client
      .delete(`/administration/kategorier/rutiner/${unused.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    deleted.assertFlashMessage('success', 'Kategorin är borttagen.')
    assert.isNull(await db.from('routine_categories').where('id', unused.id).first())
  })

  test('the forum category of the meetings can be renamed but neither archived nor deleted, and meetings still get their thread', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const meetings = await db.from('forum_categories').where('purpose', 'meetings').firstOrFail()
    for (const request of [
      client.post(`/administration/kategorier/forum/${meetings.id}/arkivera`),
      client.delete(`/administration/kategorier/forum/${meetings.id}`),
    ]) {
      const response = await request.loginAs(coordinator).withCsrfToken().redirects(0)
      response.assertFlashMessage(
        'error',
        `Kategorin ${meetings.name} håller nätverksträffarnas trådar och kan varken arkiveras eller tas bort.`
      )
    }
    await client
      .put(`/administration/kategorier/forum/${meetings.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ name: 'Träffar och allmänt' })
      .redirects(0)
    const created = await client
      .post('/natverkstraffar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        title: 'Nätverksträff om kategorier',
        date: '2027-02-03',
        startTime: '09:00',
        endTime: '11:00',
        place: 'Stadshuset',
        videoUrl: '',
        agenda: 'Kategorier',
        period: '',
      })
      .redirects(0)
    assert.equal(created.status(), 302)
    const thread = await db
      .from('forum_threads')
      .where('category_id', meetings.id)
      .where('title', 'like', '%kategorier%')
      .first()
    assert.isNotNull(thread)
  })

  test("the category page lists both kinds and marks the meetings' category", async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    const page = await client.get('/administration/kategorier').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Rutinkategorier')
    page.assertTextIncludes('Forumkategorier')
    page.assertTextIncludes('Används för nätverksträffar')
  })
})
