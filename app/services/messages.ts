import type { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import { renderMessage, type StoredMessage } from '#domain/coded_message'

/**
 * A text in the app's default language (Swedish), for texts that are data (an invoice
 * line, the audit log) and for commands, which answer without a request (`ctx.i18n` is the
 * reader's language in controllers and views).
 */
export function message(key: string, data?: Record<string, unknown>) {
  return i18nManager.locale(i18nManager.defaultLocale).t(key, data)
}

/** A coded outcome (docs/adr/0023) in the app's default language: commands, logs. */
export function inDefaultLanguage(stored: StoredMessage) {
  return renderMessage(stored, message, i18nManager.defaultLocale)
}

/** A coded outcome in the reader's language: controllers pass `ctx.i18n`. */
export function inReaderLanguage(i18n: I18n, stored: StoredMessage) {
  return renderMessage(stored, (key, data) => i18n.t(key, data), i18n.locale)
}
