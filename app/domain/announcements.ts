/**
 * Driftmeddelanden: what kinds there are and when one is shown (from its first to its last
 * day, both included, in Stockholm days; a withdrawn one never).
 */
import { addYears } from '#domain/periods'

export const ANNOUNCEMENT_KINDS = ['closure', 'disruption', 'information'] as const
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number]

export const ANNOUNCEMENT_TITLE_MAX = 200
export const ANNOUNCEMENT_BODY_MAX = 5000

export function isShown(
  announcement: { valid_from: string; valid_to: string; withdrawn_at: Date | string | null },
  today: string
) {
  return (
    announcement.withdrawn_at === null &&
    announcement.valid_from <= today &&
    today <= announcement.valid_to
  )
}

export type AnnouncementRefusal = 'alreadyOver' | 'tooLong' | 'alreadyPublished'

/** A driftmeddelande is about a disruption or a closure: valid a year at most. */
export const ANNOUNCEMENT_MAX_YEARS = 1

/**
 * Whether a driftmeddelande may be published: one whose last day is before today (Stockholm)
 * is already over and would only be e-mailed to every contact for nothing.
 */
export function announcementRefusal(
  validFrom: string,
  validTo: string,
  today: string
): AnnouncementRefusal | null {
  if (validTo < today) return 'alreadyOver'
  // ten years' validity is a typo, and would sit on every start page
  if (validTo > addYears(validFrom, ANNOUNCEMENT_MAX_YEARS)) return 'tooLong'
  return null
}
