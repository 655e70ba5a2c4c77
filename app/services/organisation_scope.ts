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

/**
 * Pages of one organisation-scoped record that a notification can link to, by route name:
 * the table holding it and what the page calls it. A contact of several organisations who
 * opens one belonging to another of their own organisations gets a 404 that names the
 * organisation and offers the switch (the exception handler, docs/adr/0028) — the record
 * itself is never shown without switching.
 */
const SCOPED_RECORD_PAGES: Record<string, { table: string; subject: string }> = {
  'feedback.show': { table: 'organisation_feedback', subject: 'feedback' },
  'extension_orders.show': { table: 'extension_orders', subject: 'extensionOrder' },
  // only an avstämning has an organisation (meetings.organisation_id)
  'meetings.show': { table: 'meetings', subject: 'meeting' },
  'deviations.show': { table: 'deviations', subject: 'deviation' },
  // refused with 403 (the authorisation matrix): the 403 page offers the switch the same way
  'invoices.download': { table: 'invoices', subject: 'invoice' },
  'invoices.ubl': { table: 'invoices', subject: 'invoice' },
}

/**
 * The other own organisation a record on a not-found page belongs to, or null: null for an
 * office user, a contact of one organisation, a page not listed above, a record that does
 * not exist, or one of an organisation the contact is not contact for.
 */
export async function otherOwnOrganisationOf(
  user: User,
  routeName: string | undefined,
  id: unknown
): Promise<{ id: number; name: string; subject: string } | null> {
  const page = routeName ? SCOPED_RECORD_PAGES[routeName] : undefined
  if (!page || !user.isContact || typeof id !== 'number') return null
  const memberships = await membershipsFor(user)
  const others = memberships.filter((organisationId) => organisationId !== user.organisationId)
  if (others.length === 0) return null
  const row = await db
    .from(`${page.table} as r`)
    .join('organisations as o', 'o.id', 'r.organisation_id')
    .where('r.id', id)
    .whereIn('r.organisation_id', others)
    .select('o.id', 'o.name')
    .first()
  return row ? { id: Number(row.id), name: row.name as string, subject: page.subject } : null
}
