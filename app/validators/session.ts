import vine from '@vinejs/vine'

export const loginValidator = vine.create({
  email: vine.string().trim().toLowerCase().email().maxLength(254),
  password: vine.string().maxLength(200),
})

export const changePasswordValidator = vine.create({
  currentPassword: vine.string().maxLength(200),
  newPassword: vine.string().minLength(10).maxLength(200).confirmed().notSameAs('currentPassword'),
})

export const localeValidator = vine.create({
  locale: vine.enum(['sv', 'en']),
})
