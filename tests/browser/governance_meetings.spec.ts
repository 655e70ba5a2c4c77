import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'

test.group('Browser / governance meetings (issue 16, point 7)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-12-01T09:00:00Z')
    return () => clock.restore()
  })

  test('the coordinator names the steering group, schedules its meeting with a supplier guest, records a decision and an action item; the member sees it carried to the next meeting; every page passes axe-core', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: member } = await createContact({ fullName: 'Stina Styrgrupp' })
    const { user: outsider } = await createContact()

    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.goto('/natverkstraffar')
    await page.getByRole('link', { name: 'Styrgruppen' }).click()
    assert.deepEqual(await axeViolations(page), [])
    await page.getByLabel('Stina Styrgrupp').check()
    await page.getByRole('button', { name: 'Spara styrgruppen' }).click()
    await page.assertTextContains('main', 'Styrgruppen är sparad.')

    await page.goto('/natverkstraffar/ny')
    assert.deepEqual(await axeViolations(page), [])
    await page.getByLabel('Typ av möte').selectOption('steering_group')
    await page.getByLabel('Rubrik').fill('Styrgruppen i februari')
    await page.getByLabel('Datum').fill('2027-02-10')
    await page.getByLabel('Starttid').fill('10:00')
    await page.getByLabel('Sluttid').fill('11:30')
    await page.getByLabel('Plats').fill('Stadshuset')
    await page.getByLabel('Gäster utan konto (e-post)').fill('kundansvarig@leverantor.example')
    await page.getByRole('button', { name: 'Planera och bjud in' }).click()
    await page.assertTextContains('h1', 'Styrgruppen i februari')
    await page.assertTextContains('main', 'Styrgruppens ledamöter')
    await page.assertTextContains('main', 'kundansvarig@leverantor.example')

    await page.getByLabel('Nytt beslut').fill('Avtalet förlängs ett år.')
    await page.getByRole('button', { name: 'Anteckna beslutet' }).click()
    await page.assertTextContains('main', 'Beslutet är antecknat.')
    await page.getByLabel('Ny åtgärdspunkt').fill('Ta fram ny prislista')
    await page.getByLabel('Ansvarig med konto').selectOption({ label: 'Stina Styrgrupp' })
    await page.getByLabel('Klart senast').fill('2027-04-01')
    await page.getByRole('button', { name: 'Lägg till åtgärdspunkten' }).click()
    await page.assertTextContains('main', 'Åtgärdspunkten är sparad.')
    assert.deepEqual(await axeViolations(page), [])
    const meeting = await db.from('meetings').where('title', 'Styrgruppen i februari').firstOrFail()
    assert.equal(meeting.kind, 'steering_group')

    // the next steering-group meeting carries the open item
    await page.goto('/natverkstraffar/ny')
    await page.getByLabel('Typ av möte').selectOption('steering_group')
    await page.getByLabel('Rubrik').fill('Styrgruppen i september')
    await page.getByLabel('Datum').fill('2027-09-15')
    await page.getByLabel('Starttid').fill('10:00')
    await page.getByLabel('Sluttid').fill('11:30')
    await page.getByLabel('Plats').fill('Stadshuset')
    await page.getByRole('button', { name: 'Planera och bjud in' }).click()
    await page.assertTextContains('h1', 'Styrgruppen i september')
    await page.assertTextContains('#carried-items ~ table', 'Ta fram ny prislista')

    await browserContext.clearCookies()
    const memberPage = await visit('/logga-in')
    await logIn(memberPage, member)
    await memberPage.goto('/natverkstraffar')
    await memberPage.assertTextContains('main', 'Styrgruppen i september')
    assert.deepEqual(await axeViolations(memberPage), [])
    await memberPage.getByRole('link', { name: 'Styrgruppen i september' }).click()
    await memberPage.assertTextContains('main', 'Ta fram ny prislista')
    await memberPage.assertTextContains('main', 'Lägg till i kalendern (.ics)')
    assert.deepEqual(await axeViolations(memberPage), [])

    await browserContext.clearCookies()
    const outsiderPage = await visit('/logga-in')
    await logIn(outsiderPage, outsider)
    await outsiderPage.goto('/natverkstraffar')
    assert.notInclude(await outsiderPage.locator('main').innerText(), 'Styrgruppen i')
  })
})
