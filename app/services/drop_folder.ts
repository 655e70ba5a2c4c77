/**
 * Where the drop folder is (docs/adr/0028 §2): `DROP_FOLDER`, or `tmp/drop` in
 * development when unset; `none` (or empty) turns it off, and so does an unset value in
 * production and in tests (the tests give the folder themselves).
 */
import { isAbsolute } from 'node:path'
import app from '@adonisjs/core/services/app'

export function dropFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.DROP_FOLDER?.trim()
  if (value === undefined) {
    return env.NODE_ENV === 'development' ? app.tmpPath('drop') : null
  }
  if (value === '' || value.toLowerCase() === 'none') return null
  return isAbsolute(value) ? value : app.makePath(value)
}

/** Seconds between two looks at the folder (a file is taken after two equal looks). */
export function dropPollSeconds(env: NodeJS.ProcessEnv = process.env) {
  const value = Number(env.DROP_POLL_SECONDS)
  return Number.isFinite(value) && value > 0 ? value : 30
}
