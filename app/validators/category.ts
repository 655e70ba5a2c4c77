import vine from '@vinejs/vine'

/** A routine or forum category as the coordinator types it. */
export const categoryValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
  description: vine.string().trim().maxLength(500).optional(),
  sortOrder: vine.number().withoutDecimals().min(0).max(100000).optional(),
})
