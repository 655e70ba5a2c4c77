import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'

/**
 * The community modules' use cases return a code; the controller says it in the reader's
 * language. The same refusal in Swedish and in English, and no Swedish in the English one.
 */
test.group('Refusals are codes, said in the reader’s language', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  async function lockedThread() {
    const { user: author } = await createContact()
    const category = await db.from('forum_categories').orderBy('id').firstOrFail()
    const [thread] = await db
      .table('forum_threads')
      .insert({ category_id: category.id, title: 'Låst tråd', author_id: author.id, locked: true })
      .returning('id')
    await db
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: author.id, body: 'Hej' })
    return Number(thread.id)
  }

  for (const [locale, expected] of [
    ['sv', 'Tråden är låst; nya svar går inte att skriva.'],
    ['en', 'The thread is locked; no new replies can be written.'],
  ] as const) {
    test(`a reply to a locked thread is refused in ${locale}`, async ({ client }) => {
      const threadId = await lockedThread()
      const { user } = await createContact()
      const response = await client
        .post(`/forum/${threadId}/svar`)
        .loginAs(user)
        .withSession({ locale })
        .withCsrfToken()
        .form({ body: 'Ett svar' })
        .redirects(0)
      response.assertFlashMessage('error', expected)
    })
  }

  test('a deviation closed without an answer is refused in English for an English reader', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: reporter, organisation } = await createContact()
    const [deviation] = await db
      .table('deviations')
      .insert({
        organisation_id: organisation.id,
        reported_by: reporter.id,
        occurred_at: new Date('2026-10-05T08:00:00Z'),
        entry_number: '',
        type: 'annat',
        description: 'Samtalet bröts efter två minuter.',
      })
      .returning('id')
    const response = await client
      .post(`/avvikelser/${deviation.id}/status`)
      .loginAs(coordinator)
      .withSession({ locale: 'en' })
      .withCsrfToken()
      .form({ status: 'atgardad' })
      .redirects(0)
    response.assertFlashMessage(
      'error',
      'Write an answer to the person who reported it before the deviation is closed.'
    )
    assert.notMatch(String(response.flashMessages().error), /[åäö]/)
  })
})
