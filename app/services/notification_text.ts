import i18nManager from '@adonisjs/i18n/services/main'
import { formatMonth } from '#domain/formatting'
import { isPeriod } from '#domain/periods'

/**
 * A notification's text in a language (Swedish when the user has none). A `period` stored
 * as `2026-10` is named in that language ("oktober 2026", "October 2026"); older rows
 * stored the Swedish name and are shown as they are.
 */
export function messageText(
  locale: string | null | undefined,
  key: string,
  params: Record<string, string>
) {
  const language = locale || 'sv'
  const worded =
    typeof params.period === 'string' && isPeriod(params.period)
      ? { ...params, period: formatMonth(params.period, language) }
      : params
  return i18nManager.locale(language).t(`notifications.messages.${key}`, worded)
}

/** A stored notification's text in the reader's language. */
export function titleOf(notification: {
  title: string
  message_key: string | null
  params: Record<string, string> | null
  locale?: string | null
}) {
  return notification.message_key
    ? messageText(notification.locale, notification.message_key, notification.params ?? {})
    : notification.title
}
