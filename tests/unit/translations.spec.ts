import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'

const dir = (locale: string) => new URL(`../../resources/lang/${locale}/`, import.meta.url)

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, inner]) =>
    keys(inner, prefix ? `${prefix}.${key}` : key)
  )
}

async function allKeys(locale: string) {
  const files = (await readdir(dir(locale))).filter((file) => file.endsWith('.json')).sort()
  const result: string[] = []
  for (const file of files) {
    const content = JSON.parse(await readFile(new URL(file, dir(locale)), 'utf8'))
    result.push(...keys(content, file.replace('.json', '')))
  }
  return result.sort()
}

test.group('Translations', () => {
  test('English has every Swedish text and no other', async ({ assert }) => {
    const sv = await allKeys('sv')
    const en = await allKeys('en')
    assert.deepEqual(
      sv.filter((key) => !en.includes(key)),
      [],
      'missing in English'
    )
    assert.deepEqual(
      en.filter((key) => !sv.includes(key)),
      [],
      'missing in Swedish'
    )
  })

  test('every t() key used in the templates exists in Swedish', async ({ assert }) => {
    const sv = new Set(await allKeys('sv'))
    const root = new URL('../../resources/views/', import.meta.url)
    const files = (await readdir(root, { recursive: true })).filter((file) =>
      file.endsWith('.edge')
    )
    const missing: string[] = []
    for (const file of files) {
      const text = await readFile(new URL(file, root), 'utf8')
      for (const match of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]
        // keys built at runtime end with a dot, e.g. t('kinds.' + kind)
        if (key.endsWith('.')) {
          if (![...sv].some((known) => known.startsWith(key))) missing.push(`${file}: ${key}`)
        } else if (!sv.has(key)) {
          missing.push(`${file}: ${key}`)
        }
      }
    }
    assert.deepEqual(missing, [])
  })

  test('every i18n.t() key used in the application code exists in Swedish', async ({ assert }) => {
    const sv = new Set(await allKeys('sv'))
    const root = new URL('../../app/', import.meta.url)
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts'))
    const missing: string[] = []
    for (const file of files) {
      const text = await readFile(new URL(file, root), 'utf8')
      for (const match of text.matchAll(/i18n\.t\('([a-zA-Z0-9_.]+)'/g)) {
        if (!sv.has(match[1])) missing.push(`${file}: ${match[1]}`)
      }
    }
    assert.deepEqual(missing, [])
  })
})
