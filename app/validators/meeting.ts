import vine from '@vinejs/vine'
import { ANSWERS } from '#domain/meetings'
import { noControlCharacters } from '#validators/plain_text'

const time = () => vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

/** A meeting as the coordinator schedules it: a place and/or an https video link. */
export const meetingValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  date: vine.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startTime: time(),
  endTime: time(),
  place: vine
    .string()
    .trim()
    .maxLength(200)
    .use(noControlCharacters())
    .optional()
    .requiredIfMissing('videoUrl'),
  videoUrl: vine
    .string()
    .trim()
    .maxLength(500)
    .url({ require_protocol: true, protocols: ['https'] })
    .optional(),
  agenda: vine.string().trim().maxLength(20_000).optional(),
  period: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
})

export const meetingAnswerValidator = vine.create({ answer: vine.enum(ANSWERS) })

/** The minutes' PDF; a larger request is refused with 413 before it is stored. */
export const MINUTES_UPLOAD_LIMIT = '20mb'

export const minutesValidator = vine.create({
  minutes: vine.string().trim().maxLength(100_000).optional(),
  pdf: vine.file({ size: MINUTES_UPLOAD_LIMIT, extnames: ['pdf'] }).optional(),
})
