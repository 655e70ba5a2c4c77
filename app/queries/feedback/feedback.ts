/**
 * Reads of the feedback routed to organisations: a user's list (a contact sees only their
 * own organisation's), one for its reader (404 for another organisation's), and the rows of
 * the monthly response-time report.
 */
import db from '@adonisjs/lucid/services/db'
import { getSettings } from '#services/settings'
import { clock } from '#services/clock'
import {
  feedbackReport,
  responseDue,
  responseStatus,
  targetHoursFromSetting,
  type FeedbackType,
} from '#domain/feedback'

type Reader = { isContact: boolean; organisationId: number | null }

/** The response target in hours (setting `feedback_response_target_hours`). */
export async function responseTargetHours() {
  const settings = await getSettings()
  return targetHoursFromSetting(settings.feedback_response_target_hours)
}

/** With where it stands against the target and when it is due. */
function withStatus<
  T extends {
    forwarded_at: Date
    answered_at: Date | null
    type: FeedbackType
    response_target_hours?: number | null
  },
>(row: T, settingHours: number) {
  // the target in force when it was forwarded; the setting only for a row without one
  const targetHours = row.response_target_hours ?? settingHours
  return {
    ...row,
    // praise runs no answer clock (answerExpected)
    status: responseStatus(row.forwarded_at, row.answered_at, clock.now(), targetHours, row.type),
    due_at: responseDue(row.forwarded_at, targetHours),
  }
}

/** The feedback a user sees, the latest first (at most 500). */
export async function feedbackFor(user: Reader) {
  const targetHours = await responseTargetHours()
  const rows = await db
    .from('organisation_feedback as f')
    .join('organisations as o', 'o.id', 'f.organisation_id')
    .if(user.isContact, (q) => q.where('f.organisation_id', user.organisationId!))
    .orderBy('f.id', 'desc')
    .limit(500)
    .select(
      'f.id',
      'f.type',
      db.raw('f.received_on::text as received_on'),
      'f.forwarded_at',
      'f.answered_at',
      'f.response_target_hours',
      'o.name'
    )
  return { rows: rows.map((row) => withStatus(row, targetHours)), targetHours }
}

/** One feedback with its organisation and people; 404 for another organisation's (a contact). */
export async function feedbackForReaderOrFail(id: number, user: Reader) {
  const targetHours = await responseTargetHours()
  const row = await db
    .from('organisation_feedback as f')
    .join('organisations as o', 'o.id', 'f.organisation_id')
    .leftJoin('users as r', 'r.id', 'f.registered_by')
    .leftJoin('users as a', 'a.id', 'f.answered_by')
    .where('f.id', id)
    .if(user.isContact, (q) => q.where('f.organisation_id', user.organisationId!))
    .select(
      'f.*',
      db.raw('f.received_on::text as received_on'),
      'o.name as organisation_name',
      'r.full_name as registered_by_name',
      'a.full_name as answered_by_name'
    )
    .firstOrFail()
  const feedback = withStatus(row, targetHours)
  return { feedback, targetHours: row.response_target_hours ?? targetHours }
}

/** The organisations feedback can be registered for (active today), by name. */
export function feedbackOrganisations() {
  const today = clock.today()
  return db
    .from('organisations')
    .where('active_from', '<=', today)
    .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', today))
    .orderBy('name')
    .select('id', 'name')
}

/** The report per organisation and month (Stockholm month of forwarding), between two months. */
export async function feedbackReportLines(range: { from?: string; to?: string }) {
  const targetHours = await responseTargetHours()
  const month = `to_char(f.forwarded_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM')`
  const rows = await db
    .from('organisation_feedback as f')
    .join('organisations as o', 'o.id', 'f.organisation_id')
    .if(range.from, (q) => q.whereRaw(`${month} >= ?`, [range.from!]))
    .if(range.to, (q) => q.whereRaw(`${month} <= ?`, [range.to!]))
    .select(
      'f.organisation_id',
      'o.name',
      'f.type',
      'f.forwarded_at',
      'f.answered_at',
      'f.response_target_hours',
      db.raw(`${month} as period`)
    )
  const lines = feedbackReport(
    rows.map((row) => ({
      organisationId: Number(row.organisation_id),
      organisation: row.name,
      period: row.period,
      type: row.type as FeedbackType,
      forwardedAt: row.forwarded_at,
      answeredAt: row.answered_at,
      targetHours: row.response_target_hours,
    })),
    clock.now(),
    targetHours
  )
  return { lines, targetHours }
}
