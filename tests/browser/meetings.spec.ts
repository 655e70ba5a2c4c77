import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

test.group('Browser / meetings, notifications, search and survey', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  // the meetings in these tests are in February 2027: seen from before then, whenever it runs
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })

  test('the coordinator schedules a meeting; a contact sees the invitation, answers ja on a page with no axe-core violations', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()

    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Möten', exact: true }).click()
    assert.deepEqual(await axeViolations(page), [])
    await page.getByRole('link', { name: 'Planera ett möte' }).click()
    await page.getByLabel('Rubrik').fill('Träff om hänvisningar')
    await page.getByLabel('Datum').fill('2027-02-10')
    await page.getByLabel('Starttid').fill('13:00')
    await page.getByLabel('Sluttid').fill('15:00')
    await page.getByLabel('Plats').fill('Stadshuset, sal Tre Kronor')
    await page.getByLabel('Dagordning (Markdown)').fill('1. Hänvisningar\n2. Övrigt')
    await page.getByRole('button', { name: 'Planera och bjud in' }).click()
    await page.assertTextContains('h1', 'Träff om hänvisningar')

    await browserContext.clearCookies()
    const contactPage = await visit('/logga-in')
    await logIn(contactPage, contact)
    // the start page lists what waits; the header counts the invitation
    await contactPage.assertTextContains('header', 'Aviseringar')
    await contactPage.getByRole('link', { name: /Aviseringar/ }).click()
    assert.deepEqual(await axeViolations(contactPage), [])
    await contactPage.getByRole('link', { name: /Inbjudan: Träff om hänvisningar/ }).click()
    await contactPage.assertTextContains('h1', 'Träff om hänvisningar')
    assert.deepEqual(await axeViolations(contactPage), [])
    await contactPage.getByRole('button', { name: 'Ja', exact: true }).click()
    await contactPage.assertTextContains('main', 'Ditt svar är sparat: Ja.')
    await contactPage.assertTextContains('main', 'Ja: 1 · Nej: 0 · Kanske: 0')
    const stored = await db.from('meeting_responses').where('user_id', contact.id).firstOrFail()
    assert.equal(stored.answer, 'ja')
  })

  test('a contact searches from the header and finds a routine by a compound word; Min organisation and the survey pass axe-core', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Drift' })
      .returning('id')
    const [routine] = await db
      .table('routines')
      .insert({ category_id: category.id, draft_title: 'Driftstörning', draft_body: 'x' })
      .returning('id')
    await db.table('routine_versions').insert({
      routine_id: routine.id,
      version: 1,
      title: 'Driftstörning',
      body: 'Så följer vi rutinen för växeln vid störning.',
      change_note: 'Första',
      significant: true,
    })
    const [survey] = await db
      .table('surveys')
      .insert({
        title: 'Nöjdhetsenkät 2026',
        year: 2026,
        status: 'oppen',
        created_by: coordinator.id,
      })
      .returning('id')
    await db.table('survey_questions').multiInsert([
      { survey_id: survey.id, position: 1, text: 'Hur nöjd är du med samordningen?' },
      { survey_id: survey.id, position: 2, text: 'Hur nöjd är du med nätverksträffarna?' },
    ])

    const page = await visit('/logga-in')
    await logIn(page, contact)
    await page.assertTextContains('h1', 'Min organisation')
    assert.deepEqual(await axeViolations(page), [])

    await page.getByLabel('Sök i rutiner, forum och möten').fill('växelrutin')
    await page.getByLabel('Sök i rutiner, forum och möten').press('Enter')
    await page.assertTextContains('main', '1 träff för ”växelrutin”')
    assert.deepEqual(await axeViolations(page), [])
    await page.getByRole('link', { name: 'Driftstörning' }).click()
    await page.assertTextContains('h1', 'Driftstörning')

    await page.goto('/oversikt')
    await page.getByRole('link', { name: 'Svara på enkäten ”Nöjdhetsenkät 2026”' }).click()
    assert.deepEqual(await axeViolations(page), [])
    await page
      .getByRole('group', { name: '1. Hur nöjd är du med samordningen?' })
      .getByLabel('5 – mycket nöjd')
      .check()
    await page
      .getByRole('group', { name: '2. Hur nöjd är du med nätverksträffarna?' })
      .getByLabel('4', { exact: true })
      .check()
    await page.getByRole('button', { name: 'Skicka mina svar' }).click()
    await page.assertTextContains('main', 'Tack för dina svar!')
    assert.lengthOf(await db.from('survey_participants').where('user_id', contact.id), 1)
    assert.lengthOf(await db.from('survey_ballots'), 1)
  })

  test("the coordinator's new pages — survey results, settings, notification settings, search — have no axe-core violations", async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const [survey] = await db
      .table('surveys')
      .insert({
        title: 'Nöjdhetsenkät 2025',
        year: 2025,
        status: 'stangd',
        created_by: coordinator.id,
        answers: 6,
      })
      .returning('id')
    const [question] = await db
      .table('survey_questions')
      .insert({ survey_id: survey.id, position: 1, text: 'Hur nöjd är du?' })
      .returning('id')
    // six answers, counted when the survey closed: two each of 5, 4 and 2
    await db.table('survey_score_counts').multiInsert(
      [5, 4, 2].map((score) => ({
        survey_id: survey.id,
        question_id: question.id,
        score,
        answers: 2,
      }))
    )
    await db
      .table('survey_free_texts')
      .multiInsert([5, 4, 2].map((score) => ({ survey_id: survey.id, free_text: `Svar ${score}` })))
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    for (const path of [
      `/enkater/${survey.id}`,
      '/administration/installningar',
      '/aviseringar/installningar',
      '/sok?q=rutin',
      '/natverkstraffar/ny',
      '/enkater/ny',
    ]) {
      await page.goto(path)
      assert.deepEqual(await axeViolations(page), [], path)
    }
    await page.goto(`/enkater/${survey.id}`)
    await page.assertTextContains('main', 'Andel nöjda (4–5) totalt: 66,7')
  })
})
