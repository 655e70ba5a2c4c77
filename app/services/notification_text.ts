import i18nManager from '@adonisjs/i18n/services/main'

/** A notification's text in a language (Swedish when the user has none). */
export function messageText(
  locale: string | null | undefined,
  key: string,
  params: Record<string, string>
) {
  return i18nManager.locale(locale || 'sv').t(`notifications.messages.${key}`, params)
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
