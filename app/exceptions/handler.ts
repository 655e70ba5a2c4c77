import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as bouncerErrors } from '@adonisjs/bouncer'

/**
 * Errors become Swedish pages (403, 404, 500) for browsers, JSON for API clients. The
 * stack trace of a 500 goes to the log, never to the user.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
  }

  async handle(error: unknown, ctx: HttpContext) {
    // A forbidden form submission is a 403 too (Bouncer would redirect back with a flash
    // message): the same Swedish page as for a forbidden page view.
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      if (ctx.request.accepts(['html', 'json']) === 'json') {
        return ctx.response.status(403).send({ errors: [{ message: 'Du har inte behörighet' }] })
      }
      return ctx.response.status(403).send(await ctx.view.render('pages/errors/forbidden'))
    }
    return super.handle(error, ctx)
  }
}
