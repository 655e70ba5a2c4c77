/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { Page } from 'playwright'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { createSurvey, setSurveyStatus } from '#actions/surveys/surveys'

const PHONE = { width: 390, height: 844 }

async function layout(page: Page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    headingTop: document.querySelector('h1')!.getBoundingClientRect().top,
  }))
}

test.group('Browser / phone and buttons', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('on a 390 px phone every page of a contact fits the screen, starts with its heading and has no axe-core violations', async ({
    visit,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const page = await visit('/logga-in')
    await page.setViewportSize(PHONE)
    await logIn(page, contact)
    const menu = page.getByRole('button', { name: 'Meny' })
    const nav = page.locator('nav.main-nav')
    assert.isFalse(await nav.isVisible(), 'the menu is folded away on a phone')
    assert.equal(await menu.getAttribute('aria-expanded'), 'false')
    await menu.click()
    assert.isTrue(await nav.isVisible(), 'Meny opens the menu')
    assert.equal(await menu.getAttribute('aria-expanded'), 'true')
    const pages = await nav
      .locator('a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!))
    assert.isAtLeast(pages.length, 8)
    for (const path of pages) {
      await page.goto(path)
      const { scrollWidth, headingTop } = await layout(page)
      assert.isAtMost(scrollWidth, PHONE.width, `${path} is wider than the phone`)
      assert.isBelow(headingTop, 120, `${path}: the heading is not on the first screen`)
      assert.deepEqual(await axeViolations(page), [], path)
    }
  })

  test('a survey’s 1–5 scale is one row on a 390 px phone: the five buttons side by side', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const survey = await createSurvey(
      { title: 'Nöjdhet', year: 2026, questions: ['Hur nöjd är du med växeln?'] },
      coordinator.id
    )
    await setSurveyStatus(survey, 'oppen', coordinator.id)
    const page = await visit('/logga-in')
    await page.setViewportSize(PHONE)
    await logIn(page, contact)
    await page.goto(`/enkater/${survey}`)
    const tops = await page
      .locator('fieldset input[type=radio]')
      .evaluateAll((inputs) => inputs.map((input) => Math.round(input.getBoundingClientRect().top)))
    assert.lengthOf(tops, 5)
    assert.lengthOf(new Set(tops), 1, `the buttons' tops: ${tops.join(', ')}`)
    const { scrollWidth } = await layout(page)
    assert.isAtMost(scrollWidth, PHONE.width)
  })

  test('on a desktop the menu is always shown and there is no Meny button', async ({
    visit,
    assert,
  }) => {
    const { user: contact } = await createContact()
    const page = await visit('/logga-in')
    await page.setViewportSize({ width: 1440, height: 900 })
    await logIn(page, contact)
    assert.isTrue(await page.locator('nav.main-nav').isVisible())
    assert.isFalse(await page.getByRole('button', { name: 'Meny' }).isVisible())
  })

  test('a secondary submit button looks secondary: white with the brand colour, not filled', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    const colours = (selector: string) =>
      page.locator(selector).evaluate((button) => {
        const style = getComputedStyle(button)
        return { background: style.backgroundColor, text: style.color }
      })
    const secondary = await colours('.header-search button[type=submit]')
    assert.deepEqual(secondary, { background: 'rgb(255, 255, 255)', text: 'rgb(11, 79, 138)' })
    await page.goto('/rutiner/ny')
    const primary = await colours('main button[type=submit]:not(.button-secondary)')
    assert.deepEqual(primary, { background: 'rgb(11, 79, 138)', text: 'rgb(255, 255, 255)' })
  })
})
