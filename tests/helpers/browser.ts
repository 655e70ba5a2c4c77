/// <reference lib="dom" />
/** Shared steps for the browser tests: logging in and running axe-core in the page. */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright'
import { TEST_PASSWORD } from '#database/factories/user_factory'
import type User from '#models/user'

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Run axe-core in the page (evaluated over the DevTools protocol, so our CSP stays on). */
export async function axeViolations(page: Page) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is defined by the evaluated source
    const { violations } = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })
    return violations.map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  return result as string[]
}

export async function logIn(page: Page, user: User) {
  await page.getByLabel('E-postadress').fill(user.email)
  await page.getByLabel('Lösenord').fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await page.waitForURL('**/oversikt')
}
