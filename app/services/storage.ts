import { isAbsolute, join } from 'node:path'
import app from '@adonisjs/core/services/app'

/**
 * Where files live on disk: issued PDFs, uploads waiting for their job. `STORAGE_PATH`
 * (absolute, or relative to the app) overrides the default `storage/`; the test run and
 * the benchmarks use their own so they never overwrite the files of a running app.
 */
export function storagePath(...parts: string[]) {
  const root = process.env.STORAGE_PATH
  const base = root ? (isAbsolute(root) ? root : app.makePath(root)) : app.makePath('storage')
  return join(base, ...parts)
}
