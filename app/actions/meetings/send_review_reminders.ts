/**
 * The coordinators are reminded of the organisations that have gone without an avstämning
 * for longer than the setting `review_interval_months` (default 6) and have none planned
 * (docs/adr/0031). Each organisation is counted once per latest avstämning
 * (`review_reminders`: its key makes a second reminder impossible, also from a second
 * instance); when the sweep finds any not counted before, one notification names how many
 * and links to the list on the meetings page. Run by the notification sweep.
 */
import db from '@adonisjs/lucid/services/db'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole } from '#queries/notifications/recipients'
import { organisationsWithoutReview, reviewIntervalMonths } from '#queries/meetings/reviews'
import { paths } from '#domain/paths'
import { clock } from '#services/clock'

export async function sendReviewReminders(now = clock.now()) {
  const months = await reviewIntervalMonths()
  const overdue = await organisationsWithoutReview(now, months)
  if (overdue.length === 0) return 0
  const claimed = await db
    .table('review_reminders')
    .multiInsert(
      overdue.map((row) => ({
        organisation_id: row.id,
        last_review_id: row.last_review_id ?? 0,
        sent_at: now,
      }))
    )
    .onConflict(['organisation_id', 'last_review_id'])
    .ignore()
    .returning('organisation_id')
  if (claimed.length === 0) return 0
  await notify(await activeUsersOfRole('samordnare'), 'meeting', {
    key: 'reviewsOverdue',
    params: { count: claimed.length, months },
    url: paths.overdueReviews(),
  })
  return claimed.length
}
