import vine from '@vinejs/vine'
import { POST_MAX_LENGTH } from '#domain/forum'
import { rowId } from '#validators/row_id'
import { noControlCharacters, noControlCharactersInText } from '#validators/plain_text'
import { isActiveForumCategory } from '#queries/forum/threads'

/** A category new threads can go under: not archived. */
const activeForumCategory = () =>
  rowId().exists(async (_db, value) => isActiveForumCategory(Number(value)))

const postBody = () =>
  vine.string().trim().minLength(1).maxLength(POST_MAX_LENGTH).use(noControlCharactersInText())

export const threadValidator = vine.create({
  categoryId: activeForumCategory(),
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  body: postBody(),
})

export const postValidator = vine.create({ body: postBody() })

export const moderatorEditValidator = vine.create({
  body: postBody(),
  editNote: vine.string().trim().minLength(3).maxLength(500).use(noControlCharactersInText()),
})

export const subscribeValidator = vine.create({ subscribe: vine.boolean() })

export const reportValidator = vine.create({
  reason: vine.string().trim().minLength(3).maxLength(1000).use(noControlCharactersInText()),
})

export const moderateThreadValidator = vine.create({
  action: vine.enum(['pin', 'unpin', 'lock', 'unlock', 'move'] as const),
  categoryId: activeForumCategory().optional().requiredWhen('action', '=', 'move'),
})

export const moderatePostValidator = vine.create({
  action: vine.enum(['hide', 'show'] as const),
  note: vine.string().trim().maxLength(500).use(noControlCharactersInText()).optional(),
})
