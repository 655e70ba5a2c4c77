/**
 * Avstämningar — the follow-up meetings with one organisation, "about twice a year per
 * organisation" (seeds 001, 003; docs/adr/0031): one organisation's, past and planned, and
 * the organisations that have had none within the setting `review_interval_months`
 * (default 6) and have none planned.
 */
import db from '@adonisjs/lucid/services/db'
import { getSettings } from '#services/settings'
import { clock } from '#services/clock'
import { todayInStockholm } from '#domain/periods'

export const DEFAULT_REVIEW_INTERVAL_MONTHS = 6

/** The setting, or its default when it is missing or not a number from 1 to 24. */
export async function reviewIntervalMonths() {
  const settings = await getSettings()
  const value = Number(settings.review_interval_months)
  return Number.isInteger(value) && value >= 1 && value <= 24
    ? value
    : DEFAULT_REVIEW_INTERVAL_MONTHS
}

/**
 * One organisation's avstämningar, newest first (at most 50), split into planned (not ended)
 * and past, each with its decisions and action items counted. Cancelled ones are shown as such.
 */
export async function organisationReviews(organisationId: number) {
  const rows = await db
    .from('meetings as m')
    .where('m.kind', 'review')
    .where('m.organisation_id', organisationId)
    .orderBy('m.starts_at', 'desc')
    .limit(50)
    .select(
      'm.id',
      'm.title',
      'm.starts_at',
      'm.ends_at',
      'm.cancelled_at',
      'm.minutes_published_at',
      db.raw(
        '(SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = m.id)::int AS decisions'
      ),
      db.raw(
        '(SELECT count(*) FROM meeting_action_items a WHERE a.meeting_id = m.id)::int AS action_items'
      ),
      db.raw(
        '(SELECT count(*) FROM meeting_action_items a WHERE a.meeting_id = m.id AND a.done_at IS NULL)::int AS open_items'
      )
    )
  const now = clock.nowMs()
  return {
    planned: rows.filter((row) => row.ends_at.getTime() >= now).reverse(),
    past: rows.filter((row) => row.ends_at.getTime() < now),
  }
}

/**
 * The organisations connected to the shared switchboard today that have had no avstämning
 * (not cancelled) in the last `months` months and have none planned — with their latest
 * one, if any. Those without one ever come first, then the longest ago.
 */
export async function organisationsWithoutReview(now: Date, months: number) {
  return withoutReview(now, months)
    .select(
      'o.id',
      'o.code',
      'o.name',
      db.raw(
        `(SELECT r.id FROM meetings r WHERE r.kind = 'review' AND r.cancelled_at IS NULL
           AND r.organisation_id = o.id ORDER BY r.starts_at DESC LIMIT 1) AS last_review_id`
      ),
      db.raw(
        `(SELECT max(r.starts_at) FROM meetings r WHERE r.kind = 'review' AND r.cancelled_at IS NULL
           AND r.organisation_id = o.id) AS last_review_at`
      )
    )
    .orderByRaw('last_review_at ASC NULLS FIRST, o.code')
}

/** How many organisations `organisationsWithoutReview` lists, counted (where only the count is shown). */
export async function countOrganisationsWithoutReview(now: Date, months: number) {
  const row = await withoutReview(now, months).count('* as total').first()
  return Number(row?.total ?? 0)
}

/** The organisations of `organisationsWithoutReview`, before they are listed or counted. */
function withoutReview(now: Date, months: number) {
  const today = todayInStockholm(now)
  const reviews = (alias: string) =>
    db
      .from('meetings as r')
      .where('r.kind', 'review')
      .whereNull('r.cancelled_at')
      .whereRaw(`r.organisation_id = ${alias}.id`)
  return db
    .from('organisations as o')
    .where('o.active_from', '<=', today)
    .where((q) => q.whereNull('o.active_to').orWhere('o.active_to', '>=', today))
    .whereRaw('coalesce(o.connected_from, o.active_from) <= ?', [today])
    .where((q) => q.whereNull('o.connected_to').orWhere('o.connected_to', '>=', today))
    .whereNotExists(
      reviews('o').whereRaw(`r.starts_at >= ?::timestamptz - make_interval(months => ?)`, [
        now,
        months,
      ])
    )
}
