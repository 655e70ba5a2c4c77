import vine from '@vinejs/vine'
import { DELIVERIES, type NotificationKind } from '#domain/notifications'

const delivery = () => vine.enum(DELIVERIES)

/** A delivery (direkt, vecka, av) for every kind. */
export const notificationPreferencesValidator = vine.create({
  forum_reply: delivery(),
  routine: delivery(),
  meeting: delivery(),
  deviation: delivery(),
  // optional: a form from before the kind existed keeps its default (direkt)
  feedback: delivery().optional(),
  // only the office is offered it (kindsFor); a contact's form leaves it out
  month_end: delivery().optional(),
  supplier_files: delivery().optional(),
  extension_order: delivery().optional(),
} satisfies Record<NotificationKind, unknown>)
