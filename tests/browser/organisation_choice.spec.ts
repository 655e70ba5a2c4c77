/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

test.group('Browser / a contact of several organisations (docs/adr/0028)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the contact switches organisation in the header and every scoped page follows; the pages pass axe-core', async ({
    visit,
    assert,
  }) => {
    const { user: contact, organisation: home } = await createContact()
    await home.merge({ name: 'Hembolaget AB' }).save()
    const second = await OrganisationFactory.merge({ name: 'Småbolaget AB' }).create()
    await db.table('user_organisations').insert({ user_id: contact.id, organisation_id: second.id })
    await db.table('extensions').multiInsert([
      {
        number: '0850811111',
        organisation_id: home.id,
        name: 'Reception hem',
        valid_from: '2020-01-01',
      },
      {
        number: '0850822222',
        organisation_id: second.id,
        name: 'Reception små',
        valid_from: '2020-01-01',
      },
    ])

    const page = await visit('/logga-in')
    await logIn(page, contact)
    const selector = page.getByLabel('Organisation', { exact: true })
    assert.equal(await selector.locator('option:checked').innerText(), 'Hembolaget AB')
    assert.deepEqual(await axeViolations(page), [])

    // acting for the home organisation: its extensions only, the other's page is closed
    await page.goto('/anknytningar')
    await page.assertTextContains('main', 'Reception hem')
    assert.notInclude(await page.locator('main').innerText(), 'Reception små')
    assert.equal((await page.goto(`/organisationer/${second.id}`))!.status(), 403)

    // switch in the header
    await page.goto('/oversikt')
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Småbolaget AB' })
    await page.getByRole('button', { name: 'Byt' }).click()
    await page.waitForURL('**/oversikt')
    await page.assertTextContains('.alert-success', 'Du arbetar nu för Småbolaget AB.')
    assert.equal(
      await page.getByLabel('Organisation', { exact: true }).locator('option:checked').innerText(),
      'Småbolaget AB'
    )
    assert.deepEqual(await axeViolations(page), [])

    await page.goto('/anknytningar')
    await page.assertTextContains('main', 'Reception små')
    assert.notInclude(await page.locator('main').innerText(), 'Reception hem')
    assert.deepEqual(await axeViolations(page), [])
    assert.equal((await page.goto(`/organisationer/${second.id}`))!.status(), 200)
    assert.equal((await page.goto(`/organisationer/${home.id}`))!.status(), 403)
    // a query string naming the other organisation is ignored for a contact
    await page.goto(`/anknytningar?organisation=${home.id}`)
    assert.notInclude(await page.locator('main').innerText(), 'Reception hem')
  })
})
