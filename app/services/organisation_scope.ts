/**
 * The one place that decides which organisation a signed-in telephony contact sees
 * (issue 16, point 6; docs/adr/0028). Every organisation-scoped page, export and query
 * reads `user.organisationId`; for a contact of several organisations this sets it, for
 * the current request only, to the organisation chosen in the header — validated against
 * the memberships on every request — and never writes it to the database (a later
 * `user.save()` in the same request, e.g. the language switch, leaves the column alone).
 */
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { chosenOrganisation, type OrganisationChoice } from '#domain/organisation_scope'

/** The session key holding `{ userId, organisationId }`. */
export const ORGANISATION_CHOICE_KEY = 'organisationChoice'

/** The organisations a user is contact for (ids, ascending). */
export async function membershipsOf(userId: number): Promise<number[]> {
  const rows = await db
    .from('user_organisations')
    .where('user_id', userId)
    .orderBy('organisation_id')
    .select('organisation_id')
  return rows.map((row) => Number(row.organisation_id))
}

/** The memberships read with the user by the session guard, or read now. */
async function membershipsFor(user: User) {
  const read = user.$extras.organisation_ids as number[] | string | undefined
  if (Array.isArray(read)) return read.map(Number)
  return membershipsOf(user.id)
}

/**
 * Scope a contact to their chosen organisation (an office user is left as is). Returns
 * the memberships, so the header can offer the others.
 */
export async function scopeToChosenOrganisation(user: User, choice: unknown) {
  if (!user.isContact) return []
  const memberships = await membershipsFor(user)
  const home = (user.$original.organisationId ?? null) as number | null
  const active = chosenOrganisation({ id: user.id, homeOrganisationId: home }, memberships, choice)
  // not a change to save: the column keeps the home organisation
  user.$attributes.organisationId = active
  user.$original.organisationId = active
  user.$extras.home_organisation_id = home
  user.$extras.organisation_ids = memberships
  return memberships
}

/** What to put in the session when a contact switches, or null when it is not theirs. */
export async function organisationChoiceFor(
  user: User,
  organisationId: number
): Promise<OrganisationChoice | null> {
  if (!user.isContact) return null
  const memberships = await membershipsFor(user)
  return memberships.includes(organisationId) ? { userId: user.id, organisationId } : null
}

/** The organisations to offer in the header's selector (only when there are several). */
export async function organisationChoices(memberships: number[]) {
  if (memberships.length < 2) return []
  const rows = await db
    .from('organisations')
    .whereIn('id', memberships)
    .orderBy('name')
    .select('id', 'code', 'name')
  return rows.map((row) => ({
    id: Number(row.id),
    code: row.code as string,
    name: row.name as string,
  }))
}
