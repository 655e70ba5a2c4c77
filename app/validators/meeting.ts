import vine from '@vinejs/vine'
import { calendarDate, dateWithinYears } from '#validators/calendar_date'
import { ANSWERS, MEETING_KINDS } from '#domain/meetings'
import { noControlCharacters, noControlCharactersInText } from '#validators/plain_text'
import { uploadedFile } from '#validators/uploaded_file'
import { MAX_ROW_ID } from '#domain/query_values'
import { singleWholeNumber } from '#validators/row_id'

const time = () => vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

/** A meeting as the coordinator schedules it: a place and/or an https video link. */
export const meetingValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  // past meetings are recorded too, but not years back; planned at most two years ahead
  date: vine
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .use(calendarDate())
    .use(dateWithinYears({ back: 1, ahead: 2 })),
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
  agenda: vine.string().trim().maxLength(20_000).use(noControlCharactersInText()).optional(),
  period: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  // governance meetings (docs/adr/0027): the kind is chosen when scheduling, not changed later
  kind: vine.enum(MEETING_KINDS).optional(),
  organisationId: vine
    .number()
    .parse(singleWholeNumber)
    .withoutDecimals()
    .positive()
    .max(MAX_ROW_ID)
    .exists(async (db, value) => Boolean(await db.from('organisations').where('id', value).first()))
    .optional(),
  guests: vine.string().trim().maxLength(20_000).optional(),
})

/** A decision recorded at a meeting. */
export const decisionValidator = vine.create({
  decision: vine.string().trim().minLength(2).maxLength(2000).use(noControlCharacters()),
})

/** An action item: an owner with an account or a named guest, and a due date. */
export const actionItemValidator = vine.create({
  actionItem: vine.string().trim().minLength(2).maxLength(1000).use(noControlCharacters()),
  ownerId: vine
    .number()
    .parse(singleWholeNumber)
    .withoutDecimals()
    .positive()
    .max(MAX_ROW_ID)
    .optional(),
  ownerName: vine.string().trim().maxLength(200).use(noControlCharacters()).optional(),
  dueDate: vine.date({ formats: ['YYYY-MM-DD'] }),
})

/** The steering group's members (ticked on the list of active users). */
export const steeringGroupValidator = vine.create({
  members: vine
    .array(vine.number().parse(singleWholeNumber).withoutDecimals().positive().max(MAX_ROW_ID))
    .maxLength(1000)
    // one ticked box arrives as a single value, several as a list
    .parse((value) =>
      value === undefined || value === null || Array.isArray(value) ? value : [value]
    )
    .optional(),
})

export const meetingAnswerValidator = vine.create({ answer: vine.enum(ANSWERS) })

/** The minutes' PDF; a larger request is refused with 413 before it is stored. */
export const MINUTES_UPLOAD_LIMIT = '20mb'

export const minutesValidator = vine.create({
  minutes: vine.string().trim().maxLength(100_000).use(noControlCharactersInText()).optional(),
  pdf: uploadedFile({ size: MINUTES_UPLOAD_LIMIT, extnames: ['pdf'] }).optional(),
})

/** The meetings page's filter: `?typ=review` (one of the kinds), optional. */
export const meetingFilterValidator = vine.create({
  typ: vine.enum(MEETING_KINDS).optional(),
})

/** Cancelling a meeting: the box "Ja, ställ in mötet" must be ticked (its absence is refused in the action's words). */
export const cancelMeetingValidator = vine.create({
  confirm: vine.enum(['ja']).optional(),
})
