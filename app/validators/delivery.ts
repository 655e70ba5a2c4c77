import vine from '@vinejs/vine'
import { DELIVERY_STATUSES } from '#domain/deliveries'
import { MAX_ROW_ID } from '#domain/query_values'

/**
 * The /utskick list's filters, each optional: `?visa=failed` (one of the statuses),
 * `?manad=2026-10` (the invoiced month) and `?organisation=12` (the office's choice; a
 * contact always sees their own organisation's).
 */
export const deliveryFilterValidator = vine.create({
  visa: vine.enum(DELIVERY_STATUSES).optional(),
  manad: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  organisation: vine.number().withoutDecimals().positive().max(MAX_ROW_ID).optional(),
})
