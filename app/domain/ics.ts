/**
 * iCalendar (RFC 5545) for a meeting: one VEVENT, times in UTC, text escaped, lines folded
 * at 75 octets (never inside a UTF-8 character), CRLF line ends. The UID is stable per
 * meeting, so a calendar replaces the event when a changed meeting's invitation is opened
 * again (SEQUENCE grows with each change), and removes it on a CANCEL with the same UID and a
 * higher SEQUENCE (STATUS:CANCELLED).
 */
export interface CalendarEvent {
  uid: string
  sequence: number
  startsAt: Date
  endsAt: Date
  stampedAt: Date
  summary: string
  description?: string | null
  location?: string | null
  url?: string | null
  organizer?: { name: string; email: string } | null
  attendees?: string[]
  /** CANCEL (RFC 5546, 3.2.5): the event is withdrawn for the attendees named, or for all */
  method: 'PUBLISH' | 'REQUEST' | 'CANCEL'
}

/** 20261203T091500Z */
export function icsUtc(value: Date) {
  return value
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** TEXT values: backslash, semicolon, comma and line ends escaped (RFC 5545, 3.3.11). */
export function escapeText(value: string) {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/** Fold a content line at 75 octets; continuation lines start with one space. */
export function foldLine(line: string) {
  const out: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
      limit = 74 // the leading space counts
    }
    current += char
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

/** Strip what must not reach a property value unescaped (control characters). */
function clean(value: string) {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
}

export function calendarFile(event: CalendarEvent) {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Växelnavet//Möten//SV',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${clean(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsUtc(event.stampedAt)}`,
    `DTSTART:${icsUtc(event.startsAt)}`,
    `DTEND:${icsUtc(event.endsAt)}`,
    `SUMMARY:${escapeText(clean(event.summary))}`,
  ]
  if (event.location) lines.push(`LOCATION:${escapeText(clean(event.location))}`)
  if (event.description) lines.push(`DESCRIPTION:${escapeText(clean(event.description))}`)
  if (event.url) lines.push(`URL:${clean(event.url)}`)
  if (event.organizer) {
    const name = clean(event.organizer.name).replace(/["\\]/g, '')
    lines.push(`ORGANIZER;CN="${name}":mailto:${clean(event.organizer.email)}`)
  }
  for (const attendee of event.attendees ?? []) {
    lines.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${clean(attendee)}`)
  }
  lines.push(
    event.method === 'CANCEL' ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR'
  )
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
