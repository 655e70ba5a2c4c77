import vine from '@vinejs/vine'
import { ROLES } from '#domain/roles'
import { noControlCharacters } from '#validators/plain_text'
import { rowId } from '#validators/row_id'

const organisationId = () =>
  rowId()
    .exists({ table: 'organisations', column: 'id' })
    .optional()
    .requiredWhen('role', '=', 'telefoniansvarig')

/** Further organisations of a telephony contact (docs/adr/0028); ignored for other roles. */
const additionalOrganisationIds = () =>
  vine
    .array(rowId().exists({ table: 'organisations', column: 'id' }))
    .maxLength(MAX_ORGANISATIONS_PER_CONTACT)
    .optional()

/** A contact of more organisations than this is a mistake, not a small company's contact. */
export const MAX_ORGANISATIONS_PER_CONTACT = 20

export const createUserValidator = vine.create({
  fullName: vine.string().trim().minLength(2).maxLength(200).use(noControlCharacters()),
  email: vine
    .string()
    .trim()
    .toLowerCase()
    .email()
    .maxLength(254)
    .unique({ table: 'users', column: 'email' }),
  role: vine.enum(ROLES),
  organisationId: organisationId(),
  additionalOrganisationIds: additionalOrganisationIds(),
})

export const updateUserValidator = vine.withMetaData<{ userId: number }>().create({
  fullName: vine.string().trim().minLength(2).maxLength(200).use(noControlCharacters()),
  email: vine
    .string()
    .trim()
    .toLowerCase()
    .email()
    .maxLength(254)
    .unique(async (db, value, field) => {
      const row = await db
        .from('users')
        .where('email', value)
        .whereNot('id', field.meta.userId)
        .first()
      return !row
    }),
  role: vine.enum(ROLES),
  organisationId: organisationId(),
  additionalOrganisationIds: additionalOrganisationIds(),
})
