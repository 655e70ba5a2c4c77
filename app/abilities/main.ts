/*
|--------------------------------------------------------------------------
| Abilities
|--------------------------------------------------------------------------
|
| Role rules (app/domain/roles.ts) as Bouncer abilities. Every controller action calls
| `bouncer.authorize(...)` first; a telephony contact reaches only their own
| organisation.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'
import type Organisation from '#models/organisation'
import { isCoordinator, isOffice } from '#domain/roles'

/** The coordinator's administration: users, audit log, registers, imports. */
export const administer = Bouncer.ability((user: User) => isCoordinator(user.role))

/** Lists that span every organisation (coordinator and finance controllers). */
export const viewAllOrganisations = Bouncer.ability((user: User) => isOffice(user.role))

/** One organisation: the office roles, or a contact of that very organisation. */
export const viewOrganisation = Bouncer.ability(
  (user: User, organisation: Organisation) =>
    isOffice(user.role) || user.organisationId === organisation.id
)

/** Any logged-in, active user. */
export const useApp = Bouncer.ability((user: User) => user.isActive)

/** Approve, reopen and invoice a period; credit notes (finance controllers). */
export const approvePeriods = Bouncer.ability((user: User) => user.role === 'controller')

/** Report a deviation: the telephony contacts, for their own organisation. */
export const reportDeviations = Bouncer.ability((user: User) => user.role === 'telefoniansvarig')

/**
 * Confirm "Jag har läst och förstått" for a routine: the telephony contacts, whom the
 * routines that require it are for (its own ability, not reporting deviations).
 */
export const acknowledgeRoutines = Bouncer.ability((user: User) => user.role === 'telefoniansvarig')

/** Answer the satisfaction survey: the telephony contacts it is for. */
export const answerSurvey = Bouncer.ability((user: User) => user.role === 'telefoniansvarig')

/** Order new, moved, changed or removed extensions: the telephony contacts, for their own organisation. */
export const orderExtensions = Bouncer.ability((user: User) => user.role === 'telefoniansvarig')
/**
 * Order removals from the list of unused extensions (issue 16, point 4): the telephony
 * contacts for their own organisation, and the coordinator on behalf of one organisation.
 */
export const orderUnusedRemovals = Bouncer.ability(
  (user: User) => user.role === 'telefoniansvarig' || user.role === 'samordnare'
)
/** Answer feedback forwarded to one's organisation: the telephony contacts (their own only). */
export const answerFeedback = Bouncer.ability((user: User) => user.role === 'telefoniansvarig')
/** Switch the organisation one acts for: the telephony contacts (of several organisations). */
export const switchOrganisation = Bouncer.ability((user: User) => user.role === 'telefoniansvarig')

/**
 * Delivering supplier files through the import API (docs/adr/0028 §2): an office user's
 * key with the import scope (the scope is checked by the API's middleware).
 */
export const importFilesViaApi = Bouncer.ability((user: User) => isOffice(user.role))
