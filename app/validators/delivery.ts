import vine from '@vinejs/vine'
import { DELIVERY_STATUSES } from '#domain/deliveries'

/** The /utskick list's filter: `?visa=failed` (one of the statuses), or none for all. */
export const deliveryFilterValidator = vine.create({
  visa: vine.enum(DELIVERY_STATUSES).optional(),
})
