import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import i18nManager from '@adonisjs/i18n/services/main'
import { isDatabaseUnavailable } from '#services/database_errors'
import { RequestRefusedException } from '#exceptions/request_refused_exception'
import { otherOwnOrganisationOf } from '#services/organisation_scope'

/**
 * Errors become Swedish pages for browsers and `{ errors: [{ message }] }` for API clients.
 *
 * - 403 and 404 render in the app's layout (with the user's menu).
 * - 400, 413 and 415 say what was refused; only a `RequestRefusedException`'s own message
 *   is shown, any other error's text (a parser's, in English) never is. A JSON body that
 *   is not JSON, or is a bare string or number, is a 400 with its own reason.
 * - 5xx is a fixed message, in HTML and JSON alike: never the error's text (it could be SQL),
 *   never a stack trace (that goes to the log). When the database cannot be reached it is a
 *   503 "Tjänsten är tillfälligt otillgänglig".
 * These pages render with no session, no signed-in user and no database
 * (components/layout/plain.edge), since they are what is left when those fail.
 */
/** The body parser's own errors for a JSON body it cannot take (its texts are English). */
function isUnreadableJson(error: unknown) {
  const { status, message } = (error ?? {}) as { status?: number; message?: string }
  if (error instanceof SyntaxError && status === 400) return true
  return status === 422 && message === 'Invalid JSON, only supports object and array'
}

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, ctx) => this.#forbidden(error, ctx),
    '404': (error, ctx) => this.#notFound(error, ctx),
  }

  async handle(error: unknown, ctx: HttpContext) {
    // A forbidden form submission is a 403 too (Bouncer would redirect back with a flash
    // message): the same Swedish page as for a forbidden page view.
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      if (this.#wantsJson(ctx)) {
        return ctx.response
          .status(403)
          .send({ errors: [{ message: this.#i18n(ctx).t('errors.forbiddenTitle') }] })
      }
      return this.#forbidden(undefined, ctx)
    }
    // the body parser's refusals of a JSON body — not JSON (400), or a bare string, number
    // or boolean (its 422 in English HTML) — are one Swedish refusal, in JSON on the API
    if (isUnreadableJson(error)) {
      return this.#plain(ctx, 400, 'errors.badRequestTitle', this.#i18n(ctx).t('errors.badJson'))
    }
    const httpError = this.toHttpError(error)
    // errors that answer for themselves (a CSRF failure, a login redirect, a form's errors)
    if (typeof httpError.handle === 'function' || httpError.code === 'E_VALIDATION_ERROR') {
      return super.handle(error, ctx)
    }
    const status = isDatabaseUnavailable(error) ? 503 : httpError.status
    if (status >= 500) return this.#serverError(ctx, status)
    if (status === 400 || status === 413 || status === 415)
      return this.#refusal(ctx, httpError, status)
    if (status === 422 && error instanceof RequestRefusedException)
      return this.#refusal(ctx, error, 422)
    return super.handle(error, ctx)
  }

  /** Swedish unless the user chose English (the locale middleware may not have run). */
  #i18n(ctx: HttpContext) {
    return ctx.i18n ?? i18nManager.locale(i18nManager.defaultLocale)
  }

  #wantsJson(ctx: HttpContext) {
    // the JSON API answers in JSON whatever the client accepts (curl sends */*)
    if (ctx.request.url().startsWith('/api/')) return true
    return ctx.request.accepts(['html', 'json']) === 'json'
  }

  async #serverError(ctx: HttpContext, status: number) {
    const unavailable = status === 503
    if (unavailable) ctx.response.header('retry-after', '30')
    const title = unavailable ? 'errors.unavailableTitle' : 'errors.serverErrorTitle'
    const message = unavailable ? 'errors.unavailableBody' : 'errors.serverErrorBody'
    return this.#plain(ctx, unavailable ? 503 : 500, title, this.#i18n(ctx).t(message))
  }

  async #refusal(ctx: HttpContext, error: { message: string }, status: number) {
    const own = error instanceof RequestRefusedException ? error.message : null
    const i18n = this.#i18n(ctx)
    if (status === 413)
      return this.#plain(ctx, 413, 'errors.tooLargeTitle', own ?? i18n.t('errors.tooLargeBody'))
    // a program calling the API cannot "reload the page"
    const body = ctx.request.url().startsWith('/api/')
      ? 'errors.apiBadRequest'
      : 'errors.badRequestBody'
    return this.#plain(ctx, status, 'errors.badRequestTitle', own ?? i18n.t(body))
  }

  /** A page (or JSON) that needs nothing but the translations. */
  async #plain(ctx: HttpContext, status: number, titleKey: string, message: string) {
    const i18n = this.#i18n(ctx)
    ctx.response.status(status)
    if (this.#wantsJson(ctx)) return ctx.response.send({ errors: [{ message }] })
    const html = await ctx.view.render('pages/errors/status', {
      i18n,
      title: i18n.t(titleKey),
      message,
    })
    return ctx.response.type('html').send(html)
  }

  /**
   * A record of another of a contact's own organisations (a notification's link, opened
   * while acting for the wrong one): say whose it is and offer the switch back to this page
   * (docs/adr/0028). Never the record itself; anyone else's is the plain 404.
   */
  async #notFound(error: unknown, ctx: HttpContext) {
    const other = await this.#otherOwnOrganisation(ctx)
    if (other) return this.#switchPage(ctx, other, 404)
    return this.#inAppLayout(ctx, 'pages/errors/not_found', 404, { error })
  }

  /** The same for a record refused as another organisation's (an invoice's PDF: 403). */
  async #forbidden(error: unknown, ctx: HttpContext) {
    const other = await this.#otherOwnOrganisation(ctx)
    if (other) return this.#switchPage(ctx, other, 403)
    return this.#inAppLayout(
      ctx,
      'pages/errors/forbidden',
      403,
      error === undefined ? {} : { error }
    )
  }

  async #otherOwnOrganisation(ctx: HttpContext) {
    const user = ctx.auth?.user
    if (!user || ctx.request.method() !== 'GET' || this.#wantsJson(ctx)) return null
    try {
      return await otherOwnOrganisationOf(user, ctx.route?.name, ctx.params?.id)
    } catch (lookupError) {
      ctx.logger.error({ err: lookupError }, 'other organisation not looked up')
      return null
    }
  }

  #switchPage(ctx: HttpContext, other: { id: number; name: string }, status: 403 | 404) {
    return this.#inAppLayout(ctx, 'pages/errors/other_organisation', status, {
      other,
      returnTo: ctx.request.url(),
    })
  }

  /** 403/404 in the app's layout; if that layout cannot render (no session), the plain one. */
  async #inAppLayout(
    ctx: HttpContext,
    page: string,
    status: 403 | 404,
    state: Record<string, unknown>
  ) {
    const prefix = status === 403 ? 'errors.forbidden' : 'errors.notFound'
    // an address the API does not have (an unknown import kind): not "go to the start page"
    if (status === 404 && ctx.request.url().startsWith('/api/'))
      return this.#plain(ctx, 404, 'errors.notFoundTitle', this.#i18n(ctx).t('errors.apiNotFound'))
    if (this.#wantsJson(ctx))
      return this.#plain(ctx, status, `${prefix}Title`, this.#i18n(ctx).t(`${prefix}Body`))
    try {
      return ctx.response.status(status).send(await ctx.view.render(page, state))
    } catch (renderError) {
      ctx.logger.error({ err: renderError }, 'error page rendered without the app layout')
      return this.#plain(ctx, status, `${prefix}Title`, this.#i18n(ctx).t(`${prefix}Body`))
    }
  }
}
