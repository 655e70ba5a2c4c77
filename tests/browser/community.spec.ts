import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { createRoutine, publishRoutine } from '#actions/routines/routines'

test.group('Browser / routines and forum', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a contact acknowledges a routine on a page with no axe-core violations', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Växeln' })
      .returning('id')
    const id = await createRoutine(
      {
        categoryId: category.id,
        title: 'Vidarekoppling vid frånvaro',
        body: '# Rutin\n\n- koppla om\n- meddela',
        requiresAcknowledgement: true,
      },
      coordinator.id
    )
    await publishRoutine(id, 'Första versionen', true, coordinator.id)

    const page = await visit('/logga-in')
    await logIn(page, user)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Rutiner' }).click()
    await page.getByRole('link', { name: 'Vidarekoppling vid frånvaro' }).click()
    assert.deepEqual(await axeViolations(page), [])
    await page.getByRole('button', { name: 'Jag har läst och förstått' }).click()
    await page.assertTextContains('main', 'Du bekräftade version 1')
  })

  test('a contact starts a thread and replies in it; the thread page has no axe-core violations', async ({
    visit,
    assert,
  }) => {
    const { user } = await createContact()
    const page = await visit('/logga-in')
    await logIn(page, user)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Forum' }).click()
    await page.getByRole('link', { name: 'Ny tråd' }).click()
    await page.getByLabel('Kategori').selectOption({ label: 'Allmänt' })
    await page.getByLabel('Rubrik').fill('Svarsgrupp under lunch')
    await page
      .getByLabel('Text (Markdown)')
      .fill('Hur länge står **svarsgruppen** öppen under lunch?')
    await page.getByRole('button', { name: 'Starta tråden' }).click()
    await page.assertTextContains('h1', 'Svarsgrupp under lunch')
    await page.getByLabel('Ditt svar (Markdown)').fill('Vi har öppet hela lunchen.')
    await page.getByRole('button', { name: 'Skicka svar' }).click()
    await page.assertTextContains('main', 'Vi har öppet hela lunchen.')
    assert.deepEqual(await axeViolations(page), [])
  })
})
