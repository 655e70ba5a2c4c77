import vine from '@vinejs/vine'
import { singleWholeNumber } from '#validators/row_id'

/** A period written ÅÅÅÅ-MM (month 01–12). */
export const periodValidator = vine.create({
  period: vine.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
})

/** An approval names the calculation the page showed (a re-run since then is refused). */
export const approvalValidator = vine.create({
  calculationId: vine.number().parse(singleWholeNumber).withoutDecimals().positive(),
  confirmEmptyPool: vine.boolean().optional(),
  emptyPoolComment: vine.string().maxLength(1000).optional(),
})

/** A credit note: why (5–500 characters) and, optionally, which lines. */
export const creditValidator = vine.create({
  reason: vine.string().trim().minLength(5).maxLength(500),
  /** chosen line numbers; none: every line not yet credited */
  lines: vine
    .array(vine.number().withoutDecimals().range([1, 1000]))
    .maxLength(1000)
    .optional(),
})

/** Correcting an invoiced period: why (5–500 characters). */
export const correctionValidator = vine.create({
  reason: vine.string().trim().minLength(5).maxLength(500),
})

/** Marking a period's warnings read names the calculation the page showed (docs/adr/0024). */
export const warningsReadValidator = vine.create({
  calculationId: vine.number().parse(singleWholeNumber).withoutDecimals().positive(),
})
