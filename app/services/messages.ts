import i18nManager from '@adonisjs/i18n/services/main'

/**
 * A text in the app's default language (Swedish), for actions and commands that answer
 * without a request (`ctx.i18n` is the reader's language in controllers and views).
 */
export function message(key: string, data?: Record<string, unknown>) {
  return i18nManager.locale(i18nManager.defaultLocale).t(key, data)
}
