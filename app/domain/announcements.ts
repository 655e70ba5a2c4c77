/**
 * Driftmeddelanden: what kinds there are and when one is shown (from its first to its last
 * day, both included, in Stockholm days; a withdrawn one never).
 */
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

export type AnnouncementRefusal = 'alreadyOver'

/**
 * Whether a driftmeddelande may be published: one whose last day is before today (Stockholm)
 * is already over and would only be e-mailed to every contact for nothing.
 */
export function announcementRefusal(validTo: string, today: string): AnnouncementRefusal | null {
  return validTo < today ? 'alreadyOver' : null
}
