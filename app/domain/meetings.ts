/**
 * Network meetings' rules: the answers, and a meeting's date and local Stockholm times as
 * instants (a time in the spring-forward gap does not exist; the end comes after the start).
 */
import { stockholmWallClock } from '#domain/stockholm_time'

export const ANSWERS = ['ja', 'nej', 'kanske'] as const
export type Answer = (typeof ANSWERS)[number]

/** Why a meeting use case was refused: a key under `meetings.errors` in resources/lang. */
export type MeetingRefusal =
  'springGap' | 'endNotAfterStart' | 'notPdf' | 'minutesNotSaved' | 'minutesMissing'

export interface MeetingInput {
  title: string
  date: string
  startTime: string
  endTime: string
  place?: string | null
  videoUrl?: string | null
  agenda?: string | null
  period?: string | null
}

/** Date and local times (Stockholm) to instants, or the refusal (a key under meetings.errors). */
export function meetingTimes(input: Pick<MeetingInput, 'date' | 'startTime' | 'endTime'>) {
  const startsAt = stockholmWallClock(input.date, input.startTime)
  const endsAt = stockholmWallClock(input.date, input.endTime)
  if (!startsAt || !endsAt) return { ok: false as const, error: 'springGap' as MeetingRefusal }
  if (endsAt <= startsAt) return { ok: false as const, error: 'endNotAfterStart' as MeetingRefusal }
  return { ok: true as const, startsAt, endsAt }
}
