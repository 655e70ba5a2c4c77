import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'

async function category() {
  const [row] = await db.table('routine_categories').insert({ name: 'Växeln' }).returning('id')
  return row.id as number
}

test.group('Routines', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('acknowledgement: required for version 1, kept after a minor version, required again after a significant one', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const categoryId = await category()
    const created = await client
      .post('/rutiner')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        categoryId,
        title: 'Vidarekoppling vid frånvaro',
        body: '# Rutin\n\nKoppla om telefonen vid frånvaro.',
        requiresAcknowledgement: 'true',
      })
      .redirects(0)
    const id = Number(created.header('location')!.split('/')[2])
    const publish = (changeNote: string, significant: boolean) =>
      client
        .post(`/rutiner/${id}/publicera`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ changeNote, ...(significant ? { significant: 'true' } : {}) })
        .redirects(0)
    await publish('Första versionen', false)

    const due = async () =>
      (await client.get('/rutiner').loginAs(contact)).text().includes('väntar på din bekräftelse')
    assert.isTrue(await due())
    await client.post(`/rutiner/${id}/bekrafta`).loginAs(contact).withCsrfToken().redirects(0)
    assert.isFalse(await due())

    await client
      .put(`/rutiner/${id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        categoryId,
        title: 'Vidarekoppling vid frånvaro',
        body: '# Rutin\n\nKoppla om telefonen vid frånvaro, även korta.',
        requiresAcknowledgement: 'true',
      })
      .redirects(0)
    await publish('Förtydligande', false)
    assert.isFalse(await due())

    await client
      .put(`/rutiner/${id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        categoryId,
        title: 'Vidarekoppling vid frånvaro',
        body: '# Rutin\n\nKoppla om till växeln, inte till mobilen.',
        requiresAcknowledgement: 'true',
      })
      .redirects(0)
    await publish('Ny hantering av mobiler', true)
    assert.isTrue(await due())

    const coverage = await client.get(`/rutiner/${id}/tackning`).loginAs(coordinator)
    coverage.assertTextIncludes('Alla ska ha bekräftat version 3 eller senare.')
    coverage.assertTextIncludes(organisation.code)
    coverage.assertTextIncludes('0 / 1')

    const history = await client.get(`/rutiner/${id}/historik`).loginAs(contact)
    history.assertTextIncludes('- Koppla om telefonen vid frånvaro, även korta.')
    history.assertTextIncludes('+ Koppla om till växeln, inte till mobilen.')

    // the page asked again: what changed since the reader's version, the text, then the button
    const page = (await client.get(`/rutiner/${id}`).loginAs(contact)).text()
    const changed = page.indexOf('Se vad som ändrats sedan din version 1')
    const text = page.indexOf('Koppla om till växeln, inte till mobilen.')
    const button = page.indexOf('Jag har läst och förstått')
    assert.isAbove(changed, -1)
    assert.isAbove(text, changed)
    assert.isAbove(button, text, 'the acknowledgement follows the text it acknowledges')
  })

  test('Markdown in a routine is rendered safely: a script tag is shown as text', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const categoryId = await category()
    const created = await client
      .post('/rutiner')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        categoryId,
        title: 'Test',
        body: '<script>alert(1)</script>\n\n[klicka](javascript:alert(1))',
      })
      .redirects(0)
    const id = Number(created.header('location')!.split('/')[2])
    await client
      .post(`/rutiner/${id}/publicera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ changeNote: 'Första' })
      .redirects(0)
    const page = await client.get(`/rutiner/${id}`).loginAs(coordinator)
    page.assertTextIncludes('&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.notInclude(page.text(), 'href="javascript:')
  })

  test('an unpublished draft is not visible to a contact', async ({ client }) => {
    const { user } = await createContact()
    const categoryId = await category()
    const [row] = await db
      .table('routines')
      .insert({ category_id: categoryId, draft_title: 'Hemligt utkast', draft_body: 'x' })
      .returning('id')
    const page = await client.get(`/rutiner/${row.id}`).loginAs(user)
    page.assertStatus(404)
  })
})
