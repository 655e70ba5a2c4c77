import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { notify } from '#actions/notifications/notify'
import { activeContacts } from '#queries/notifications/recipients'
import { ANNOUNCEMENT_KIND } from '#domain/notifications'
import { paths } from '#domain/paths'
import { isoDayOf } from '#domain/periods'
import type { AnnouncementKind } from '#domain/announcements'

export interface AnnouncementInput {
  kind: AnnouncementKind
  title: string
  body: string
  validFrom: Date
  validTo: Date
}

/**
 * Publish a driftmeddelande: stored, audited and every active contact notified — e-mailed at
 * once whatever their choices (ANNOUNCEMENT_KIND) — in one transaction.
 */
export async function publishAnnouncement(input: AnnouncementInput, userId: number) {
  return db.transaction(async (trx) => {
    const validFrom = isoDayOf(input.validFrom)
    const validTo = isoDayOf(input.validTo)
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
        params: { title: input.title, from: validFrom, to: validTo },
        url: paths.announcements(),
      },
      trx
    )
    return { id: Number(row.id), notified }
  })
}
