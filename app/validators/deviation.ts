import vine from '@vinejs/vine'
import { DEVIATION_STATUSES, DEVIATION_TYPES } from '#domain/deviations'
import { noControlCharacters, noControlCharactersInText } from '#validators/plain_text'
import { isTransferredCallOf } from '#queries/deviations/deviations'

export const deviationValidator = vine.withMetaData<{ organisationId: number }>().create({
  // the Stockholm wall clock, whatever the server's time zone (converted in store)
  occurredAt: vine
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d$/),
  entryNumber: vine
    .string()
    .trim()
    .maxLength(30)
    .regex(/^[\d\s\-+()]*$/)
    .optional(),
  type: vine.enum(DEVIATION_TYPES),
  description: vine.string().trim().minLength(10).maxLength(5000).use(noControlCharactersInText()),
  // only a call transferred to the reporter's own organisation; another organisation's call
  // is refused exactly like one that does not exist, so its existence is not revealed
  callId: vine
    .string()
    .trim()
    .maxLength(64)
    .use(noControlCharacters())
    .exists(async (_db, value, field) =>
      isTransferredCallOf(String(value), field.meta.organisationId)
    )
    .optional(),
})

export const deviationStatusValidator = vine.create({
  status: vine.enum(DEVIATION_STATUSES),
  comment: vine.string().trim().maxLength(5000).use(noControlCharactersInText()).optional(),
  answer: vine.string().trim().maxLength(5000).use(noControlCharactersInText()).optional(),
})
