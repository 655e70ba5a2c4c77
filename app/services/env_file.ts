/**
 * First-run convenience: a fresh clone has no .env. We write one from .env.example with a
 * freshly generated APP_KEY, so `npm start` works without any manual step. An existing
 * .env is kept as it is, except that an empty or missing APP_KEY (someone copied
 * .env.example by hand, as one does) gets a generated one instead of a stack trace.
 * No AdonisJS imports (used by the launchers in bin/).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Returns what it did: 'created' a .env, gave an existing one a 'key', or 'unchanged'. */
export function ensureEnvFile(appRoot: string): 'created' | 'key' | 'unchanged' {
  const envPath = join(appRoot, '.env')
  const key = `APP_KEY=${randomBytes(32).toString('base64url')}`
  if (!existsSync(envPath)) {
    const example = readFileSync(join(appRoot, '.env.example'), 'utf8')
    writeFileSync(envPath, example.replace(/^APP_KEY=.*$/m, key))
    return 'created'
  }
  if (process.env.APP_KEY) return 'unchanged'
  const current = readFileSync(envPath, 'utf8')
  if (/^APP_KEY=[ \t]*\S/m.test(current)) return 'unchanged'
  const updated = /^APP_KEY=.*$/m.test(current)
    ? current.replace(/^APP_KEY=.*$/m, key)
    : `${current.replace(/\n?$/, '\n')}${key}\n`
  writeFileSync(envPath, updated, { mode: 0o600 })
  return 'key'
}

/** Load .env into process.env (existing variables win), as AdonisJS will do later. */
export function loadEnvFile(appRoot: string) {
  const envPath = join(appRoot, '.env')
  if (existsSync(envPath)) process.loadEnvFile(envPath)
}
