/**
 * Notifications: every one lands in the user's in-app list; the user chooses per kind
 * whether it is also e-mailed at once ("direkt"), collected in a weekly digest ("vecka")
 * or not e-mailed ("av"). E-mail is sent by the notification sweep
 * (app/actions/notifications/sweep.ts), never inside the request that caused it.
 *
 * The rules are in app/domain/notifications.ts, the use cases in app/actions/notifications,
 * the reads in app/queries/notifications and the texts in app/services/notification_text.ts;
 * this file re-exports them for older imports.
 */
export {
  NOTIFICATION_KINDS,
  SECURITY_KIND,
  DELIVERIES,
  DEFAULT_DELIVERY,
  MESSAGE_KEYS,
  DIGEST_INTERVAL_DAYS,
  type NotificationKind,
  type Delivery,
  type MessageKey,
  type NotificationMessage,
} from '#domain/notifications'
export { messageText, titleOf } from '#services/notification_text'
export { notify } from '#actions/notifications/notify'
export { savePreferences } from '#actions/notifications/save_notification_preferences'
export { sendPendingMail, sendDigests } from '#actions/notifications/send_notification_mail'
export { unreadCount, preferencesOf } from '#queries/notifications/notifications'
