import vine from '@vinejs/vine'
import { noControlCharacters } from '#validators/plain_text'

/** A new API key's name, as the coordinator types it. */
export const tokenValidator = vine.create({
  name: vine.string().trim().minLength(3).maxLength(100).use(noControlCharacters()),
})
