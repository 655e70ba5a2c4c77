import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { twinOfSubmission } from '#services/double_submit'
import { notify } from '#actions/notifications/notify'
import { activeContacts } from '#queries/notifications/recipients'
import { ANNOUNCEMENT_KIND } from '#domain/notifications'
import { paths } from '#domain/paths'
import { isoDayOf } from '#domain/periods'
import { announcementRefusal, type AnnouncementKind } from '#domain/announcements'
import { clock } from '#services/clock'

export interface AnnouncementInput {
  kind: AnnouncementKind
  title: string
  body: string
  validFrom: Date
  validTo: Date
}

/**
 * Publish a driftmeddelande: stored, audited and every active contact notified — e-mailed at
 * once whatever their choices (ANNOUNCEMENT_KIND) — in one transaction. One that is already
 * over (last day before today) is refused.
 */
export async function publishAnnouncement(input: AnnouncementInput, userId: number) {
  const validFrom = isoDayOf(input.validFrom)
  const validTo = isoDayOf(input.validTo)
  const refusal = announcementRefusal(validFrom, validTo, clock.today())
  if (refusal) return { ok: false as const, error: refusal }
  return db.transaction(async (trx) => {
    // the form sent twice: the second finds the first and neither stores nor e-mails again
    const twin = await twinOfSubmission(trx, 'announcements.publish', () =>
      trx
        .from('announcements')
        .where({ kind: input.kind, title: input.title, body: input.body })
        .where('valid_from', validFrom)
        .where('valid_to', validTo)
        .whereNull('withdrawn_at')
        .first()
    )
    if (twin) return { ok: false as const, error: 'alreadyPublished' as const }
    const [row] = await trx
      .table('announcements')
      .insert({
        kind: input.kind,
        title: input.title,
        body: input.body,
        valid_from: validFrom,
        valid_to: validTo,
        created_by: userId,
      })
      .returning('id')
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'announcement',
      entityId: row.id,
      summary: `Driftmeddelande "${input.title}" (${validFrom} – ${validTo})`,
    })
    const notified = await notify(
      await activeContacts(),
      ANNOUNCEMENT_KIND,
      {
        key: 'announcement',
        // the id: the e-mail carries the announcement's text (send_notification_mail)
        params: { title: input.title, from: validFrom, to: validTo, announcement: row.id },
        url: paths.announcements(),
      },
      trx
    )
    return { ok: true as const, id: Number(row.id), notified }
  })
}
