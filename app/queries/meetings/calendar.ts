/**
 * A meeting as an iCalendar file (docs/adr/0027): downloaded from the meeting page
 * (METHOD:PUBLISH, with the link to the page) and attached to the guests' e-mail
 * invitations (METHOD:REQUEST, the coordinator as organiser, the guest as attendee, no
 * link: a guest has no account). A cancellation (docs/adr/0031) is METHOD:CANCEL with the
 * same UID and a higher SEQUENCE, for a guest (as attendee) or an account; so is the download
 * of a meeting already cancelled, lest importing it put the meeting back in a calendar.
 */
import env from '#start/env'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import i18nManager from '@adonisjs/i18n/services/main'
import { paths } from '#domain/paths'
import { calendarFile } from '#domain/ics'
import { clock } from '#services/clock'

export function appUrl(path: string) {
  return `${(env.get('APP_URL') ?? 'http://localhost:3333').replace(/\/$/, '')}${path}`
}

function host() {
  try {
    return new URL(appUrl('/')).hostname
  } catch {
    return 'vaxelnavet'
  }
}

interface CalendarMeeting {
  id: number
  title: string
  kind: string
  starts_at: Date
  ends_at: Date
  place: string | null
  video_url: string | null
  agenda: string
  calendar_sequence: number
  created_by: number | null
  cancelled_at?: Date | null
}

export async function meetingCalendarFile(
  meeting: CalendarMeeting,
  options: {
    guest?: string
    locale?: string
    client?: QueryClientContract
    /** a cancellation: the event is withdrawn (for the guest, or for an account) */
    cancel?: boolean
    /** the SEQUENCE to write (a guest's cancellation keeps the one it was queued with) */
    sequence?: number
  } = {}
) {
  const client = options.client ?? db.connection()
  const cancel = options.cancel || Boolean(meeting.cancelled_at)
  const i18n = i18nManager.locale(options.locale ?? 'sv')
  const organiser = meeting.created_by
    ? await client
        .from('users')
        .where('id', meeting.created_by)
        .select('full_name', 'email')
        .first()
    : null
  const location = [meeting.place, meeting.video_url].filter(Boolean).join(' · ')
  const description = [
    i18n.t(`meetings.kinds.${meeting.kind}`),
    meeting.video_url ? `${i18n.t('meetings.videoUrl')}: ${meeting.video_url}` : '',
    meeting.agenda ? `${i18n.t('meetings.agenda')}:\n${meeting.agenda}` : '',
    options.guest ? '' : appUrl(paths.meeting(meeting.id)),
  ]
    .filter(Boolean)
    .join('\n\n')
  return calendarFile({
    uid: `meeting-${meeting.id}@${host()}`,
    sequence: options.sequence ?? Number(meeting.calendar_sequence ?? 0),
    startsAt: meeting.starts_at,
    endsAt: meeting.ends_at,
    stampedAt: clock.now(),
    summary: meeting.title,
    description,
    location: location || null,
    url: options.guest ? null : appUrl(paths.meeting(meeting.id)),
    organizer:
      (options.guest || cancel) && organiser
        ? { name: organiser.full_name, email: organiser.email }
        : null,
    attendees: options.guest ? [options.guest] : [],
    method: cancel ? 'CANCEL' : options.guest ? 'REQUEST' : 'PUBLISH',
  })
}
