import vine from '@vinejs/vine'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '#domain/passwords'
import { checkPassword } from '#services/passwords'

export const loginValidator = vine.create({
  email: vine.string().trim().toLowerCase().email().maxLength(254),
  password: vine.string().maxLength(200),
})

/**
 * The password rules of app/domain/passwords.ts: 12 characters or more, not the user's
 * e-mail address (field.meta.email), not a common password.
 */
const acceptablePassword = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const refusal = checkPassword(value, String(field.meta.email ?? ''))
  if (refusal === 'minLength') field.report('', 'minLength', field, { min: MIN_PASSWORD_LENGTH })
  else if (refusal === 'maxLength')
    field.report('', 'maxLength', field, { max: MAX_PASSWORD_LENGTH })
  else if (refusal) field.report('', `password.${refusal}`, field)
})

export const changePasswordValidator = vine.withMetaData<{ email: string }>().create({
  currentPassword: vine.string().maxLength(200),
  newPassword: vine.string().use(acceptablePassword()).confirmed().notSameAs('currentPassword'),
})

export const localeValidator = vine.create({
  locale: vine.enum(['sv', 'en']),
})
