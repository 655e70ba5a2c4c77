import vine from '@vinejs/vine'
import { SURVEY_STATUSES } from '#domain/surveys'
import { noControlCharacters } from '#validators/plain_text'

export const surveyValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  year: vine.number().withoutDecimals().min(2000).max(2100),
  // one question per line, at least one line with text
  questions: vine.string().trim().maxLength(10_000).regex(/\S/),
})

export const surveyAnswerValidator = vine.create({
  scores: vine.record(vine.any()).optional(),
  freeText: vine.string().trim().maxLength(5000).optional(),
})

export const surveyStatusValidator = vine.create({ status: vine.enum(SURVEY_STATUSES) })
