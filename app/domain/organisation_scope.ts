/**
 * Which organisation a telephony contact is acting for (issue 16, point 6; docs/adr/0028).
 * A contact may be contact for several organisations; the one they chose (kept in their
 * session) counts only while it is still one of their memberships and was chosen by this
 * very user — otherwise their home organisation, or failing that their first membership.
 */
export interface OrganisationChoice {
  userId: number
  organisationId: number
}

export function chosenOrganisation(
  user: { id: number; homeOrganisationId: number | null },
  memberships: readonly number[],
  choice: unknown
): number | null {
  const chosen = readChoice(choice)
  if (chosen && chosen.userId === user.id && memberships.includes(chosen.organisationId)) {
    return chosen.organisationId
  }
  if (user.homeOrganisationId !== null && memberships.includes(user.homeOrganisationId)) {
    return user.homeOrganisationId
  }
  if (memberships.length > 0) return Math.min(...memberships)
  return user.homeOrganisationId
}

/** A choice as it comes back from the session: anything, checked field by field. */
function readChoice(value: unknown): OrganisationChoice | null {
  if (typeof value !== 'object' || value === null) return null
  const { userId, organisationId } = value as Record<string, unknown>
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(organisationId)) return null
  return { userId: userId as number, organisationId: organisationId as number }
}
