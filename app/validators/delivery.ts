import vine from '@vinejs/vine'
import { DELIVERY_STATUSES } from '#domain/deliveries'

/** The /utskick list's filters: `?visa=failed` (one of the statuses) and `?manad=2026-10` (the invoiced month), each optional. */
export const deliveryFilterValidator = vine.create({
  visa: vine.enum(DELIVERY_STATUSES).optional(),
  manad: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
})
