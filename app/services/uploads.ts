/**
 * File uploads, read only where a file is expected and only after the user is known.
 *
 * The body parser used to stream every multipart body, to any address, into the temp
 * folder before routing, authentication and CSRF, and nothing deleted the files (issue 11,
 * point 2). Now (config/bodyparser.ts `autoProcess: false`):
 * - `upload_gate_middleware` refuses a multipart body for any route not in `UPLOAD_ROUTES`
 *   (415) without reading it, and marks the upload routes' requests;
 * - Shield leaves those requests' CSRF check to `withUpload` (their token is in the body,
 *   which is not read yet), which the controller calls after authorising the user: it reads
 *   the body with the route's own size limit (413 beyond it), then runs Shield's own CSRF
 *   check, then the controller's work, and deletes every temp file in a `finally`.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import app from '@adonisjs/core/services/app'
import { type Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import { csrfFactory } from '@adonisjs/shield/guards'
import { rejectNulBytes } from '#services/nul_bytes'
import { RequestRefusedException } from '#exceptions/request_refused_exception'

/** The routes that take a file (by name). Any other route refuses a multipart body. */
export const UPLOAD_ROUTES = new Set([
  'imports.store',
  'meetings.publish_minutes',
  'extension_orders.upload',
  // the import API (docs/adr/0028 §2): an access token, no session, so no CSRF token
  'api.imports.store',
])

/** Requests to an upload route whose multipart body is read by `withUpload`, not before. */
const deferred = new WeakSet<HttpContext>()

export function deferUpload(ctx: HttpContext) {
  deferred.add(ctx)
}

/** For config/shield.ts: these requests' CSRF token is checked by `withUpload`. */
export function isDeferredUpload(ctx: HttpContext) {
  return deferred.has(ctx)
}

let csrfCheck: ((ctx: HttpContext) => Promise<void> | void) | undefined

/** Shield's own CSRF guard, configured as in config/shield.ts but checking every request. */
async function verifyCsrf(ctx: HttpContext) {
  if (!csrfCheck) {
    const encryption = await app.container.make('encryption')
    const options = app.config.get<Parameters<typeof csrfFactory>[0]>('shield.csrf')
    csrfCheck = csrfFactory({ ...options, exceptRoutes: () => false }, encryption.use())
  }
  await csrfCheck(ctx)
}

/** Where uploaded files wait while their request runs (never longer). */
export function uploadTmpDir() {
  return app.tmpPath('uploads')
}

/**
 * Reads the upload of an authorised request (at most `limit`, e.g. `'20mb'`), checks its
 * CSRF token, runs `handle` and deletes the temp files whatever happens.
 */
export async function withUpload<T>(
  ctx: HttpContext,
  limit: string,
  handle: () => Promise<T>,
  options: { csrf: boolean } = { csrf: true }
): Promise<T> {
  const written: string[] = []
  let finished = false
  try {
    if (deferred.has(ctx) && ctx.request.multipart) {
      const dir = uploadTmpDir()
      await mkdir(dir, { recursive: true })
      ctx.request.multipart.onFile('*', { deferValidations: true }, async (part, reportChunk) => {
        const tmpPath = join(dir, randomUUID())
        written.push(tmpPath)
        const file = createWriteStream(tmpPath)
        // a file still being written when the request ended is deleted once it is closed
        file.on('close', () => finished && void rm(tmpPath, { force: true }))
        part.pause()
        part.on('data', reportChunk)
        await pipeline(part, file)
        return { tmpPath }
      })
      try {
        await ctx.request.multipart.process({ limit })
      } catch (error) {
        if ((error as Exception).code === 'E_REQUEST_ENTITY_TOO_LARGE') {
          const readable = limit.toUpperCase().replace(/^(\d+)\s*/, '$1 ')
          throw new RequestRefusedException(
            ctx.i18n.t('errors.uploadTooLarge', { limit: readable }),
            413
          )
        }
        throw error
      }
      // the JSON API authenticates with a bearer token, which a foreign page cannot send
      if (options.csrf) await verifyCsrf(ctx)
      rejectNulBytes(ctx.request.all(), ctx.i18n)
      rejectNulBytes(ctx.request.allFiles(), ctx.i18n)
    }
    return await handle()
  } finally {
    finished = true
    await Promise.all(written.map((path) => rm(path, { force: true })))
  }
}
