import vine from '@vinejs/vine'
import { noControlCharacters } from '#validators/plain_text'
import { API_SCOPES } from '#domain/drop_folder'

/** A new API key's name, as the coordinator types it. */
export const tokenValidator = vine.create({
  name: vine.string().trim().minLength(3).maxLength(100).use(noControlCharacters()),
  // docs/adr/0028 §2: a read key (the default) or an import key, never both
  scope: vine.enum(API_SCOPES).optional(),
})
