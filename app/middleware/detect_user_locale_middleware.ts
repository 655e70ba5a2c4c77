import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'
import { formatMonth, formatWeekdayDateTime } from '#domain/formatting'
import {
  DateMessagesProvider,
  dateFieldsOfApp,
  formMessagesProvider,
} from '#validators/date_messages'

/** The app's date fields, read from its validators on the first request. */
let dateFields = new Set<string>()

/**
 * Swedish unless the user has chosen English. The choice is kept in the session (copied
 * from the user's profile at login), so even the CSRF and login errors that come before
 * authentication speak the right language. The browser's Accept-Language is deliberately
 * not used: the city's working language is Swedish.
 */
export default class DetectUserLocaleMiddleware {
  static {
    // a date field's messages say what is wrong with the date (app/validators/date_messages.ts)
    RequestValidator.messagesProvider = (ctx) =>
      new DateMessagesProvider(
        formMessagesProvider(ctx.i18n, ctx.route?.name),
        ctx.i18n,
        dateFields
      )
  }

  async handle(ctx: HttpContext, next: NextFn) {
    if (dateFields.size === 0) dateFields = await dateFieldsOfApp()
    const chosen = ctx.session?.get('locale')
    const locale = i18nManager.getSupportedLocaleFor(chosen ?? 'sv') ?? 'sv'
    ctx.i18n = i18nManager.locale(locale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    // month names in the reader's language: the `formatMonth` global bound to this locale
    if ('view' in ctx) {
      ctx.view.share({
        i18n: ctx.i18n,
        formatMonth: (period: string) => formatMonth(period, locale),
        formatWeekdayDateTime: (value: Date | string | null) =>
          formatWeekdayDateTime(value, locale),
      })
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
