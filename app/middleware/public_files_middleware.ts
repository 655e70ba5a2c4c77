import { readdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import StaticMiddleware from '@adonisjs/static/static_middleware'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Files in `public/` (the style sheets) are served by the static middleware, but only
 * for addresses that can be such a file: its top-level folders and files as they are when
 * the server starts. Every other request — all pages — skips the file-system look-up
 * that serve-static otherwise makes first (about 4 % of the server's time on the forum
 * pages, BENCHMARKS.md). A new top-level entry in `public/` needs a restart.
 */
const entries = readdirSync(app.publicPath(), { withFileTypes: true })
const prefixes = entries.map((entry) =>
  entry.isDirectory() ? `/${entry.name}/` : `/${entry.name}`
)

export default class PublicFilesMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const url = ctx.request.url()
    if (
      !prefixes.some((prefix) => (prefix.endsWith('/') ? url.startsWith(prefix) : url === prefix))
    )
      return next()
    const files = await app.container.make(StaticMiddleware)
    return files.handle(ctx, next)
  }
}
