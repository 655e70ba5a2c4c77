/**
 * First-run convenience: a fresh clone has no .env. We write one from .env.example with a
 * freshly generated APP_KEY, so `npm start` works without any manual step. An existing
 * .env is left as it is, except that an empty `APP_KEY=` line (a .env copied from
 * .env.example to set ports) gets a generated key too. No AdonisJS imports (used by the
 * launchers in bin/).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function ensureEnvFile(appRoot: string) {
  const envPath = join(appRoot, '.env')
  const key = randomBytes(32).toString('base64url')
  if (existsSync(envPath)) {
    const current = readFileSync(envPath, 'utf8')
    if (process.env.APP_KEY || !/^APP_KEY=[ \t]*$/m.test(current)) return false
    writeFileSync(envPath, current.replace(/^APP_KEY=[ \t]*$/m, `APP_KEY=${key}`))
    return true
  }
  const example = readFileSync(join(appRoot, '.env.example'), 'utf8')
  writeFileSync(envPath, example.replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`))
  return true
}

/** Load .env into process.env (existing variables win), as AdonisJS will do later. */
export function loadEnvFile(appRoot: string) {
  const envPath = join(appRoot, '.env')
  if (existsSync(envPath)) process.loadEnvFile(envPath)
}
