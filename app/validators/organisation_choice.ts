import vine from '@vinejs/vine'
import { rowId } from '#validators/row_id'

/** The organisation a contact of several organisations switches to (header selector). */
export const organisationChoiceValidator = vine.create({
  organisationId: rowId(),
})
