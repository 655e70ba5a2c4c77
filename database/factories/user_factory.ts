import factory from '@adonisjs/lucid/factories'
import User from '#models/user'
import { OrganisationFactory } from '#database/factories/organisation_factory'

export const TEST_PASSWORD = 'rätt-lösenord-123'

let sequence = 0

export const UserFactory = factory
  .define(User, () => {
    sequence++
    return {
      email: `anvandare${sequence}@stad.example`,
      fullName: `Testperson ${sequence}`,
      password: TEST_PASSWORD,
      role: 'samordnare' as const,
      organisationId: null,
      isActive: true,
      mustChangePassword: false,
      locale: 'sv',
    }
  })
  .relation('organisation', () => OrganisationFactory)
  .state('controller', (user) => {
    user.role = 'controller'
  })
  .build()

/** A telephony contact bound to a new organisation. */
export async function createContact(overrides: Partial<User> = {}) {
  const organisation = await OrganisationFactory.create()
  const user = await UserFactory.merge({
    role: 'telefoniansvarig',
    organisationId: organisation.id,
    ...overrides,
  }).create()
  return { user, organisation }
}
