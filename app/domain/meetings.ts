/**
 * Network meetings' rules: the answers, and a meeting's date and local Stockholm times as
 * instants (a time in the spring-forward gap does not exist; the end comes after the start).
 */
import { stockholmWallClock } from '#domain/stockholm_time'
import { hasControlCharacter, replaceControlCharacters } from '#domain/plain_text'

export const ANSWERS = ['ja', 'nej', 'kanske'] as const
export type Answer = (typeof ANSWERS)[number]

/** Why a meeting use case was refused: a key under `meetings.errors` in resources/lang. */
export type MeetingRefusal =
  | 'springGap'
  | 'endNotAfterStart'
  | 'notPdf'
  | 'minutesNotSaved'
  | 'minutesMissing'
  | 'cancelled'
  | 'alreadyHeld'
  | 'alreadyScheduled'

export interface MeetingInput {
  title: string
  date: string
  startTime: string
  endTime: string
  place?: string | null
  videoUrl?: string | null
  agenda?: string | null
  period?: string | null
  /** governance meetings (docs/adr/0027): the kind, fixed once the meeting is scheduled */
  kind?: MeetingKind
  /** an avstämning's organisation */
  organisationId?: number | null
  /** guests by e-mail without an account, one a line */
  guests?: string | null
}

/** Date and local times (Stockholm) to instants, or the refusal (a key under meetings.errors). */
export function meetingTimes(input: Pick<MeetingInput, 'date' | 'startTime' | 'endTime'>) {
  const startsAt = stockholmWallClock(input.date, input.startTime)
  const endsAt = stockholmWallClock(input.date, input.endTime)
  if (!startsAt || !endsAt) return { ok: false as const, error: 'springGap' as MeetingRefusal }
  if (endsAt <= startsAt) return { ok: false as const, error: 'endNotAfterStart' as MeetingRefusal }
  return { ok: true as const, startsAt, endsAt }
}

/**
 * Governance meetings (issue 16, point 7; docs/adr/0027): the kinds the module holds. English
 * values in the database, Swedish labels under `meetings.kinds` in resources/lang.
 * - network: nätverksträff, every telephony contact is invited;
 * - steering_group: styrgrupp, the users marked as steering-group members;
 * - supplier: leverantörsmöte, the coordinators, and the supplier's people as guests by e-mail;
 * - review: avstämning with one organisation, that organisation's contacts.
 * Guests by e-mail may be added to any kind.
 */
export const MEETING_KINDS = ['network', 'steering_group', 'supplier', 'review'] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]

/** Why a governance step was refused: keys under `meetings.errors`. */
export type GovernanceRefusal =
  | 'reviewNeedsOrganisation'
  | 'organisationOnlyForReview'
  | 'badGuestEmail'
  | 'guestEmailControlCharacter'
  | 'tooManyGuests'
  | 'ownerMissing'
  | 'ownerNotInvited'
  | 'itemAlreadyDone'
  | 'dueDateOutsideSpan'
  | 'cancelled'
  | 'decisionExists'
  | 'itemExists'

export const MAX_GUESTS = 50

/** How far after its meeting an action item may fall due (docs/adr/0027, addendum). */
export const ACTION_ITEM_MAX_YEARS = 2

/**
 * The due dates an action item of a meeting held on `meetingDate` (its Stockholm date,
 * `YYYY-MM-DD`) may have: from the meeting day to the same day two years later (29 February
 * to 28 February), both included.
 */
export function actionItemDueDateSpan(meetingDate: string) {
  const [year, month, day] = meetingDate.split('-').map(Number)
  const lastOfMonth = new Date(Date.UTC(year + ACTION_ITEM_MAX_YEARS, month, 0)).getUTCDate()
  const to = `${year + ACTION_ITEM_MAX_YEARS}-${String(month).padStart(2, '0')}-${String(
    Math.min(day, lastOfMonth)
  ).padStart(2, '0')}`
  return { from: meetingDate, to }
}

/**
 * A new or changed action item's due date: not before its meeting, nor more than two years
 * after it (a date years in the past is a typo); the refusal names the span.
 */
export function checkActionItemDueDate(
  dueDate: string,
  meetingDate: string
): { ok: true } | { ok: false; error: GovernanceRefusal; params: { from: string; to: string } } {
  const span = actionItemDueDateSpan(meetingDate)
  if (dueDate < span.from || dueDate > span.to)
    return { ok: false, error: 'dueDateOutsideSpan', params: span }
  return { ok: true }
}

const GUEST_ADDRESS = /^[^@\s<>"]+@[^@\s<>".]+(\.[^@\s<>".]+)+$/

/**
 * The entries of the guests' text: lines and semicolons always separate; a comma separates
 * too, except inside a name that an `<address>` closes (Outlook writes `Ek, Eva <eva@…>`).
 */
function guestEntries(text: string) {
  const entries: string[] = []
  for (const piece of text.split(/[\n\r;]+/)) {
    for (const part of piece.split(/(?<=>)\s*,/)) {
      const open = part.indexOf('<')
      if (open === -1) {
        entries.push(...part.split(','))
        continue
      }
      // bare addresses before a named one: `a@b.se, Bo Ek <bo@…>`
      const head = part.slice(0, open).split(',')
      while (head.length > 1 && GUEST_ADDRESS.test(head[0].trim())) entries.push(head.shift()!)
      entries.push(head.join(',') + part.slice(open))
    }
  }
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '')
}

/** The address of one entry, bare (`bo@…`) or named (`Bo Ek <bo@…>`); null when neither. */
function guestAddressOf(entry: string) {
  const named = /^(.*?)<([^<>]*)>$/.exec(entry)
  const address = named ? named[2].trim() : entry
  if (named ? /[<>]/.test(named[1]) : /[<>]/.test(entry)) return null
  return address.length <= 254 && GUEST_ADDRESS.test(address) ? address : null
}

/**
 * The guests' e-mail addresses from the form's text: one per line, or separated by commas
 * or semicolons, each bare or in Outlook's form `Bo Ek <bo@example.se>` (the address is kept;
 * a guest has no name of their own in the register, so the name is not); duplicates dropped
 * whatever their case; the first entry that is not an address is the refusal, named whole.
 */
export function parseGuestEmails(
  text: string | null | undefined
):
  | { ok: true; emails: string[] }
  | { ok: false; error: GovernanceRefusal; params: Record<string, string | number> } {
  const seen = new Set<string>()
  const emails: string[] = []
  for (const entry of guestEntries(text ?? '')) {
    // an invisible character (a control, a line separator, a bidi override) is named
    // visibly: the address shown to the coordinator is not the one the mail would go to
    if (hasControlCharacter(entry))
      return {
        ok: false,
        error: 'guestEmailControlCharacter',
        params: { email: replaceControlCharacters(entry, '\ufffd').slice(0, 100) },
      }
    const address = guestAddressOf(entry)
    if (!address)
      return { ok: false, error: 'badGuestEmail', params: { email: entry.slice(0, 100) } }
    const key = address.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    emails.push(address)
  }
  if (emails.length > MAX_GUESTS)
    return { ok: false, error: 'tooManyGuests', params: { max: MAX_GUESTS } }
  return { ok: true, emails }
}

/** A kind and its organisation: an avstämning has one, the other kinds none. */
export function kindAndOrganisation(
  kind: MeetingKind,
  organisationId: number | null | undefined
):
  | { ok: true; kind: MeetingKind; organisationId: number | null }
  | { ok: false; error: GovernanceRefusal } {
  if (kind === 'review' && !organisationId) return { ok: false, error: 'reviewNeedsOrganisation' }
  if (kind !== 'review' && organisationId) return { ok: false, error: 'organisationOnlyForReview' }
  return { ok: true, kind, organisationId: kind === 'review' ? organisationId! : null }
}

/**
 * Who may see a meeting: the office always; a network meeting every user; a steering-group
 * meeting its members; an avstämning the contacts of that organisation; a supplier meeting
 * the office only (the supplier's people are guests without an account).
 */
export function maySeeMeeting(
  meeting: { kind: MeetingKind; organisation_id: number | null },
  viewer: { office: boolean; steeringGroupMember: boolean; organisationIds: number[] }
) {
  if (viewer.office) return true
  switch (meeting.kind) {
    case 'network':
      return true
    case 'steering_group':
      return viewer.steeringGroupMember
    case 'review':
      return (
        meeting.organisation_id !== null && viewer.organisationIds.includes(meeting.organisation_id)
      )
    case 'supplier':
      return false
  }
}
