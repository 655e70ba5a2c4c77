import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'

async function openSurvey(
  client: ApiClient,
  coordinator: User,
  questions = 'Hur nöjd är du med samordningen?\nHur nöjd är du med nätverksträffarna?'
) {
  const created = await client
    .post('/enkater')
    .loginAs(coordinator)
    .withCsrfToken()
    .form({ title: 'Nöjdhetsenkät 2026', year: '2026', questions })
    .redirects(0)
  const id = Number(created.header('location')!.split('/')[2])
  await client
    .post(`/enkater/${id}/status`)
    .loginAs(coordinator)
    .withCsrfToken()
    .form({ status: 'oppen' })
    .redirects(0)
  const questionIds = (
    await db.from('survey_questions').where('survey_id', id).orderBy('position')
  ).map((row) => Number(row.id))
  return { id, questionIds }
}

function answer(
  client: ApiClient,
  user: User,
  surveyId: number,
  scores: Record<number, number | string>,
  freeText = ''
) {
  const form: Record<string, string> = { freeText }
  for (const [questionId, score] of Object.entries(scores))
    form[`scores[q${questionId}]`] = String(score)
  return client.post(`/enkater/${surveyId}/svar`).loginAs(user).withCsrfToken().form(form)
}

test.group('Satisfaction survey', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a contact answers once; a second answer is refused and nothing more is stored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const { id, questionIds } = await openSurvey(client, coordinator)
    await answer(client, user, id, { [questionIds[0]]: 5, [questionIds[1]]: 4 }, 'Bra träffar.')
    const again = await answer(client, user, id, { [questionIds[0]]: 1, [questionIds[1]]: 1 })
    assert.include(again.text(), 'Du har redan svarat på enkäten. Tack!')
    assert.lengthOf(await db.from('survey_participants').where('survey_id', id), 1)
    assert.lengthOf(await db.from('survey_ballots').where('survey_id', id), 1)
  })

  test('an unanswered or out-of-range question is named in Swedish and nothing is stored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const { id, questionIds } = await openSurvey(client, coordinator)
    const missing = await answer(client, user, id, { [questionIds[0]]: 4 })
    assert.include(missing.text(), 'Svara på fråga 2 med ett betyg från 1 till 5 innan du skickar.')
    const outOfRange = await answer(client, user, id, { [questionIds[0]]: 6, [questionIds[1]]: 0 })
    assert.include(
      outOfRange.text(),
      'Svara på frågorna 1, 2 med ett betyg från 1 till 5 innan du skickar.'
    )
    assert.lengthOf(await db.from('survey_ballots'), 0)
    assert.lengthOf(await db.from('survey_participants'), 0)
  })

  test('a survey that is not open takes no answers', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const { id, questionIds } = await openSurvey(client, coordinator)
    await client
      .post(`/enkater/${id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'stangd' })
      .redirects(0)
    const late = await answer(client, user, id, { [questionIds[0]]: 5, [questionIds[1]]: 5 })
    assert.include(late.text(), 'Enkäten är inte öppen för svar.')
    assert.lengthOf(await db.from('survey_ballots'), 0)
    assert.equal((await db.from('surveys').where('id', id).firstOrFail()).answers, 0)
  })

  test('results give the share satisfied (4–5) per question and overall against the 90 % target', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { id, questionIds } = await openSurvey(client, coordinator)
    // 10 contacts: question 1 gets nine 4–5 (90 %: meets the target), question 2 gets eight (80 %)
    for (let index = 0; index < 10; index++) {
      const { user } = await createContact()
      await answer(client, user, id, {
        [questionIds[0]]: index === 0 ? 3 : 4 + (index % 2),
        [questionIds[1]]: index < 2 ? 2 : 5,
      })
    }
    await client
      .post(`/enkater/${id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'stangd' })
      .redirects(0)
    const page = (await client.get(`/enkater/${id}`).loginAs(coordinator)).text()
    assert.match(
      page,
      /Hur nöjd är du med samordningen\?<\/th>\s*<td class="num">0<\/td>\s*<td class="num">0<\/td>\s*<td class="num">1<\/td>\s*<td class="num">4<\/td>\s*<td class="num">5<\/td>/
    )
    assert.include(page, '90,0\u00a0%')
    assert.include(page, '80,0\u00a0%')
    // overall 17 of 20 answers = 85 %: below the target
    assert.include(page, 'Andel nöjda (4–5) totalt: 85,0\u00a0%')
    assert.include(page, 'under målet')
  })

  test('answers are counted when the survey closes: everyone sees the results then, the office sees how many answered before', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { id, questionIds } = await openSurvey(client, coordinator)
    const contacts = []
    for (let index = 0; index < 5; index++) contacts.push(await createContact())
    for (const [index, { user }] of contacts.entries()) {
      await answer(
        client,
        user,
        id,
        { [questionIds[0]]: 5 - (index % 2), [questionIds[1]]: 4 },
        index === 0 ? 'Mycket bra' : ''
      )
    }
    const running = (await client.get(`/enkater/${id}`).loginAs(coordinator)).text()
    assert.include(running, '5 av')
    assert.include(running, 'Resultatet visas när enkäten har stängts')
    assert.notInclude(running, 'Mycket bra')
    assert.notInclude(
      (await client.get(`/enkater/${id}`).loginAs(contacts[0].user)).text(),
      'Andel nöjda'
    )

    await client
      .post(`/enkater/${id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'stangd' })
      .redirects(0)
    for (const user of [coordinator, contacts[0].user]) {
      const page = (await client.get(`/enkater/${id}`).loginAs(user)).text()
      assert.include(page, 'Andel nöjda (4–5) totalt: 100,0')
      assert.include(page, 'Mycket bra')
    }
    assert.notInclude(
      (await client.get(`/enkater/${id}`).loginAs(coordinator)).text(),
      contacts[0].user.fullName
    )
    assert.lengthOf(await db.from('survey_ballots').where('survey_id', id), 0)
    assert.equal((await db.from('surveys').where('id', id).firstOrFail()).answers, 5)
  })

  test('a survey that closes with fewer than five answers keeps only their number', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { id, questionIds } = await openSurvey(client, coordinator)
    for (let index = 0; index < 4; index++) {
      await answer(
        client,
        (await createContact()).user,
        id,
        { [questionIds[0]]: 5, [questionIds[1]]: 4 },
        'Hemligt'
      )
    }
    await client
      .post(`/enkater/${id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'stangd' })
      .redirects(0)
    const page = (await client.get(`/enkater/${id}`).loginAs(coordinator)).text()
    assert.include(page, 'Enkäten fick 4 svar; de har inte sparats.')
    assert.notInclude(page, 'Hemligt')
    for (const table of ['survey_ballots', 'survey_score_counts', 'survey_free_texts']) {
      assert.lengthOf(await db.from(table).where('survey_id', id), 0, table)
    }
    assert.equal((await db.from('surveys').where('id', id).firstOrFail()).answers, 4)
  })

  test("a draft is the coordinator's alone; a survey without questions is refused", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const created = await client
      .post('/enkater')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ title: 'Utkast', year: '2026', questions: 'Fråga ett' })
      .redirects(0)
    const id = Number(created.header('location')!.split('/')[2])
    ;(await client.get(`/enkater/${id}`).loginAs(user)).assertStatus(404)
    assert.notInclude((await client.get('/enkater').loginAs(user)).text(), 'Utkast')
    const empty = await client
      .post('/enkater')
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', '/enkater/ny')
      .form({ title: 'Tom', year: '2026', questions: '   ' })
    assert.include(empty.text(), 'Skriv minst en fråga, en per rad')
    assert.lengthOf(await db.from('surveys'), 1)
  })
})
