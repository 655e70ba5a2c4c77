import vine from '@vinejs/vine'
import { rowId } from '#validators/row_id'

/**
 * The organisation a contact of several organisations switches to (header selector), and
 * optionally the page to return to (the "Byt till …" button on a record of that
 * organisation); the controller follows it only when it stays in the app (`isPathInApp`).
 */
export const organisationChoiceValidator = vine.create({
  organisationId: rowId(),
  tillbaka: vine.string().maxLength(2000).optional(),
})
