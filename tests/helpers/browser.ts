/// <reference lib="dom" />
/** Shared steps for the browser tests: logging in and running axe-core in the page. */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright'
import { TEST_PASSWORD } from '#database/factories/user_factory'
import type User from '#models/user'

const axeSource = await readFile(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8'
)

/**
 * Run axe-core in the page (evaluated over the DevTools protocol, so our CSP stays on); its
 * source is evaluated once per document, so a second run at another size reuses it.
 */
export async function axeViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is defined by the evaluated source
    const { violations } = await window.axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
      // every rule still runs on every node; only the violations are reported, so axe does
      // not build a selector for each of the page's passing nodes (axe-core API.md,
      // "Performance"): the same findings in less time
      resultTypes: ['violations'],
    })
    return violations.map(
      (v: { id: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
    )
  })
  return result as string[]
}

/**
 * Log in through the form and land on the overview. A login that does not land there
 * fails at once with what the server answered (status, the alert, the heading), not
 * with a timeout.
 */
export async function logIn(page: Page, user: User) {
  await page.getByLabel('E-postadress').fill(user.email)
  await page.getByLabel('Lösenord').fill(TEST_PASSWORD)
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/logga-in'
    ),
    page.getByRole('button', { name: 'Logga in' }).click(),
  ])
  await page.waitForLoadState()
  if (new URL(page.url()).pathname !== '/oversikt') {
    const alerts = await page.locator('[role=alert]').allInnerTexts()
    const heading = await page
      .locator('h1')
      .first()
      .innerText()
      .catch(() => '')
    throw new Error(
      `Login of ${user.email} failed: POST /logga-in answered ${response.status()}` +
        ` (location ${(await response.headerValue('location')) ?? '–'}), the page is ${page.url()}` +
        ` with heading "${heading}" and alerts ${JSON.stringify(alerts)}`
    )
  }
}
