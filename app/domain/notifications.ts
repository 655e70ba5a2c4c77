/**
 * Notifications (DOMAIN.md): the kinds a user chooses a delivery for, the deliveries, the
 * message keys (texts in resources/lang, rendered per reader) and the digest interval.
 */

export const NOTIFICATION_KINDS = [
  'forum_reply',
  'routine',
  'meeting',
  'deviation',
  'feedback',
  'month_end',
  // supplier files that arrived (or did not) by themselves (docs/adr/0028 §2)
  'supplier_files',
  // extension orders: placed, decided, sent, done, and moves into one's organisation
  'extension_order',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]
/** The kinds only the office gets (a telephony contact is not offered a choice for them). */
export const OFFICE_KINDS: readonly NotificationKind[] = ['month_end', 'supplier_files']
/** The kinds a user of this role chooses a delivery for. */
export function kindsFor(role: string): NotificationKind[] {
  return NOTIFICATION_KINDS.filter(
    (kind) => role !== 'telefoniansvarig' || !OFFICE_KINDS.includes(kind)
  )
}
/**
 * Notices about the user's own account (a locked account): always e-mailed at once when
 * e-mail is configured, whatever the user chose for the other kinds, and not a choice on
 * the preferences page.
 */
export const SECURITY_KIND = 'security'
/** A driftmeddelande (a closure, a disruption): e-mailed at once too, whatever the choices. */
export const ANNOUNCEMENT_KIND = 'announcement'
/** The kinds that are always e-mailed at once and are not a choice on the preferences page. */
export const ALWAYS_AT_ONCE_KINDS = [SECURITY_KIND, ANNOUNCEMENT_KIND] as const
export type AlwaysAtOnceKind = (typeof ALWAYS_AT_ONCE_KINDS)[number]
export const DELIVERIES = ['direkt', 'vecka', 'av'] as const
export type Delivery = (typeof DELIVERIES)[number]
export const DEFAULT_DELIVERY: Delivery = 'direkt'

/** The e-mail state a new notification starts in, per delivery. */
export const MAIL_STATUS: Record<Delivery, string> = {
  direkt: 'pending',
  vecka: 'digest',
  av: 'none',
}

export const MESSAGE_KEYS = [
  'forumNewThread',
  'forumReply',
  'routineToAcknowledge',
  'routineReminder',
  'meetingInvitation',
  'meetingMoved',
  'meetingReminder',
  'meetingMinutes',
  // cancellations (docs/adr/0031): the e-mail carries the calendar file with METHOD:CANCEL
  'meetingCancelled',
  'meetingUninvited',
  // organisations without an avstämning for too long (docs/adr/0031)
  'reviewsOverdue',
  'deviationAnswered',
  'deviationReported',
  'draftAwaitingApproval',
  'accountLocked',
  'announcement',
  'feedbackForwarded',
  'feedbackForwardedPraise',
  'feedbackAnswered',
  // supplier files (docs/adr/0028 §2)
  'dropFileProcessed',
  'dropFileRejected',
  'dropFileUnchanged',
  'apiFileProcessed',
  'apiFileRejected',
  'apiFileUnchanged',
  'apiFileQueued',
  'dropFolderBroken',
  'dropFolderMended',
  'callsReminder',
  'supplierInvoiceReminder',
  // extension orders (app/actions/extension_orders/order_notices.ts)
  'extensionOrderPlaced',
  'extensionOrderApproved',
  'extensionOrderRejected',
  'extensionOrderSent',
  'extensionOrderDone',
  'extensionOrderCancelled',
  'extensionOrderMovedIn',
] as const
export type MessageKey = (typeof MESSAGE_KEYS)[number]

export interface NotificationMessage {
  /** the text, `notifications.messages.<key>` in resources/lang */
  key: MessageKey
  params: Record<string, string | number>
  /** a path inside the application (app/domain/paths.ts) */
  url: string
}

/** The weekly digest goes out once this many days have passed since the previous one. */
export const DIGEST_INTERVAL_DAYS = 7
