import vine from '@vinejs/vine'
import { noControlCharacters } from '#validators/plain_text'

/** A routine or forum category as the coordinator types it. */
export const categoryValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100).use(noControlCharacters()),
  description: vine.string().trim().maxLength(500).use(noControlCharacters()).optional(),
  sortOrder: vine.number().withoutDecimals().min(0).max(100000).optional(),
})
