import vine from '@vinejs/vine'

/** The settings form: a value per key (each setting's own rule is checked when saving). */
export const settingsValidator = vine.create({
  values: vine.record(vine.string().trim().maxLength(300)),
})
