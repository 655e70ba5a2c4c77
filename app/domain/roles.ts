/**
 * Roles and what each of them reaches. The abilities (app/abilities/main.ts), the menu
 * (app/services/navigation.ts) and the authorisation-matrix test read these.
 */
export type Role = 'samordnare' | 'controller' | 'telefoniansvarig'
export const ROLES: Role[] = ['samordnare', 'controller', 'telefoniansvarig']

/** Every role, the office roles, the coordinator alone. */
export const ALL: Role[] = [...ROLES]
export const OFFICE: Role[] = ['samordnare', 'controller']
export const COORDINATOR: Role[] = ['samordnare']

export const isCoordinator = (role: Role) => role === 'samordnare'
/** Only a telephony contact belongs to an organisation (DOMAIN.md "Users"). */
export const belongsToOrganisation = (role: Role) => role === 'telefoniansvarig'
export const isOffice = (role: Role) => OFFICE.includes(role)
