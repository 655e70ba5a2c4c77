import vine from '@vinejs/vine'
import { calendarDate } from '#validators/calendar_date'
import { FEEDBACK_TEXT_MAX, FEEDBACK_TYPES } from '#domain/feedback'
import { rowId } from '#validators/row_id'
import { noControlCharactersInText } from '#validators/plain_text'

/** Feedback as the coordinator registers it for one organisation. */
export const feedbackValidator = vine.create({
  organisationId: rowId().exists({ table: 'organisations', column: 'id' }),
  type: vine.enum(FEEDBACK_TYPES),
  receivedOn: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .use(calendarDate()),
  description: vine
    .string()
    .trim()
    .minLength(10)
    .maxLength(FEEDBACK_TEXT_MAX)
    .use(noControlCharactersInText()),
})

/** A contact's answer. */
export const feedbackAnswerValidator = vine.create({
  answer: vine
    .string()
    .trim()
    .minLength(2)
    .maxLength(FEEDBACK_TEXT_MAX)
    .use(noControlCharactersInText()),
})

/** The report's months: from and to (`YYYY-MM`), both optional. */
export const feedbackReportValidator = vine.create({
  from: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  to: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  format: vine.enum(['csv', 'xlsx']).optional(),
})
