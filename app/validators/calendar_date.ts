import vine from '@vinejs/vine'
import { isIsoDate } from '#domain/periods'

/**
 * A `YYYY-MM-DD` that the calendar has (not 2026-02-31, not year 0000), kept as the ISO
 * string: a regex alone let such dates through to PostgreSQL (a 500) or to a Date (shifted
 * to another day). Message: `validator.shared.messages.calendarDate`.
 */
export const calendarDate = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !isIsoDate(value)) {
    field.report('{{ field }} måste vara ett datum som finns (ÅÅÅÅ-MM-DD)', 'calendarDate', field)
  }
})
