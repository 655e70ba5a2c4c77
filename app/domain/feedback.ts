/**
 * Feedback routed to an organisation (issue 16, point 5; docs/adr/0027): its types, and how
 * an answer's response time is judged against the target (setting
 * `feedback_response_target_hours`, 24 h by default after seed 001). Clock hours from the
 * moment the coordinator forwarded it; an answer exactly at the target is in time.
 */

export const FEEDBACK_TYPES = ['klagomal', 'berom', 'felhanvisning', 'synpunkt'] as const
export type FeedbackType = (typeof FEEDBACK_TYPES)[number]

export const FEEDBACK_TEXT_MAX = 5000
export const DEFAULT_RESPONSE_TARGET_HOURS = 24

/** Why a feedback use case was refused: a key under `feedback.errors` in resources/lang. */
export type FeedbackRefusal =
  'alreadyAnswered' | 'receivedInFuture' | 'receivedTooLongAgo' | 'alreadyRegistered'

/** Feedback is forwarded while it matters: received at most this many years ago. */
export const FEEDBACK_MAX_AGE_YEARS = 1

/**
 * Where a feedback stands against the target:
 * - answeredInTime / answeredLate: answered, within the target or after it;
 * - waiting: not answered, the target not yet passed;
 * - overdue: not answered and the target has passed;
 * - noAnswerNeeded: praise (beröm), which asks for no answer and runs no clock.
 */
export type ResponseStatus =
  'answeredInTime' | 'answeredLate' | 'waiting' | 'overdue' | 'noAnswerNeeded'

/** Praise asks for no answer: it is forwarded and counted, never judged against the target. */
export function answerExpected(type: FeedbackType) {
  return type !== 'berom'
}

const HOUR_MS = 3_600_000

/** The instant the answer is due. */
export function responseDue(forwardedAt: Date, targetHours: number) {
  return new Date(forwardedAt.getTime() + targetHours * HOUR_MS)
}

export function responseStatus(
  forwardedAt: Date,
  answeredAt: Date | null,
  now: Date,
  targetHours: number,
  type?: FeedbackType
): ResponseStatus {
  if (type && !answerExpected(type)) return 'noAnswerNeeded'
  const due = responseDue(forwardedAt, targetHours).getTime()
  if (answeredAt) return answeredAt.getTime() <= due ? 'answeredInTime' : 'answeredLate'
  return now.getTime() > due ? 'overdue' : 'waiting'
}

/** Whole minutes from forwarding to the answer (rounded down). */
export function responseMinutes(forwardedAt: Date, answeredAt: Date) {
  return Math.floor((answeredAt.getTime() - forwardedAt.getTime()) / 60_000)
}

/** The target in hours from the setting's text; the default when it is missing or not a whole number ≥ 1. */
export function targetHoursFromSetting(value: string | undefined) {
  return value && /^\d+$/.test(value) && Number(value) >= 1
    ? Number(value)
    : DEFAULT_RESPONSE_TARGET_HOURS
}

export interface FeedbackForReport {
  organisationId: number
  organisation: string
  /** the month it was forwarded, `YYYY-MM` (Stockholm) */
  period: string
  type: FeedbackType
  forwardedAt: Date
  answeredAt: Date | null
  /** the target in force when it was forwarded; the report's target when unknown */
  targetHours?: number | null
}

export interface FeedbackReportLine {
  organisationId: number
  organisation: string
  period: string
  received: number
  praise: number
  answeredInTime: number
  answeredLate: number
  waiting: number
  overdue: number
  /** the median response time of the answered ones, whole minutes; null when none is answered */
  medianMinutes: number | null
  /**
   * answered in time among those that are due or answered (waiting ones are not judged yet),
   * a percentage with one decimal; null when none is judged
   */
  inTimePercent: number | null
}

function median(values: number[]) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? sorted[middle]
    : Math.floor((sorted[middle - 1] + sorted[middle]) / 2)
}

/** One line per organisation and month, newest month first, organisations by name. */
export function feedbackReport(
  rows: FeedbackForReport[],
  now: Date,
  targetHours: number
): FeedbackReportLine[] {
  const groups = new Map<string, { first: FeedbackForReport; rows: FeedbackForReport[] }>()
  for (const row of rows) {
    const key = `${row.period}|${row.organisationId}`
    const group = groups.get(key) ?? { first: row, rows: [] }
    group.rows.push(row)
    groups.set(key, group)
  }
  const lines = [...groups.values()].map(({ first, rows: group }) => {
    const counts = { answeredInTime: 0, answeredLate: 0, waiting: 0, overdue: 0 }
    // praise is received and counted as praise; only feedback expecting an answer is judged
    const expecting = group.filter((row) => answerExpected(row.type))
    for (const row of expecting) {
      const status = responseStatus(
        row.forwardedAt,
        row.answeredAt,
        now,
        row.targetHours ?? targetHours
      )
      if (status !== 'noAnswerNeeded') counts[status]++
    }
    const judged = counts.answeredInTime + counts.answeredLate + counts.overdue
    return {
      organisationId: first.organisationId,
      organisation: first.organisation,
      period: first.period,
      received: group.length,
      praise: group.filter((row) => row.type === 'berom').length,
      ...counts,
      medianMinutes: median(
        expecting
          .filter((row) => row.answeredAt)
          .map((row) => responseMinutes(row.forwardedAt, row.answeredAt!))
      ),
      inTimePercent: judged === 0 ? null : Math.round((counts.answeredInTime / judged) * 1000) / 10,
    }
  })
  return lines.sort(
    (a, b) => b.period.localeCompare(a.period) || a.organisation.localeCompare(b.organisation, 'sv')
  )
}

/** Minutes as "5 h 20 min" / "45 min" (the report's response times). */
export function formatMinutes(minutes: number | null) {
  if (minutes === null) return '–'
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return hours === 0 ? `${rest} min` : `${hours} h ${rest} min`
}
