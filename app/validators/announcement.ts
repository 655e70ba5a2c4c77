import vine from '@vinejs/vine'
import { noControlCharacters, noControlCharactersInText } from '#validators/plain_text'
import {
  ANNOUNCEMENT_BODY_MAX,
  ANNOUNCEMENT_KINDS,
  ANNOUNCEMENT_TITLE_MAX,
} from '#domain/announcements'

/** A driftmeddelande as the coordinator writes it; the last day is not before the first. */
export const announcementValidator = vine.create({
  kind: vine.enum(ANNOUNCEMENT_KINDS),
  title: vine
    .string()
    .trim()
    .minLength(3)
    .maxLength(ANNOUNCEMENT_TITLE_MAX)
    .use(noControlCharacters()),
  body: vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(ANNOUNCEMENT_BODY_MAX)
    .use(noControlCharactersInText()),
  validFrom: vine.date({ formats: ['YYYY-MM-DD'] }),
  validTo: vine.date({ formats: ['YYYY-MM-DD'] }).afterOrSameAs('validFrom'),
})
