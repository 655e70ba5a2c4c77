import db from '@adonisjs/lucid/services/db'
import { readFile } from 'node:fs/promises'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { notify } from '#actions/notifications/notify'
import { removeStoredFiles, StorageError, StoredFiles } from '#services/stored_file'
import { inviteesOf } from '#queries/meetings/governance'
import type { MeetingRefusal } from '#domain/meetings'

/**
 * Publish (or correct) the minutes: Markdown text and/or a PDF, stored with its checksum
 * under a name of its own; a failed update leaves no file, a replaced PDF is removed.
 */
export async function publishMinutes(
  meetingId: number,
  input: { minutes?: string | null; pdfPath?: string | null },
  userId: number
) {
  const meeting = await db.from('meetings').where('id', meetingId).firstOrFail()
  // a cancelled meeting was not held: no minutes, and no minutes notice to its invitees
  if (meeting.cancelled_at) return { ok: false as const, error: 'cancelled' as MeetingRefusal }
  const columns: Record<string, unknown> = {
    minutes: input.minutes || null,
    updated_at: new Date(),
  }
  const files = new StoredFiles()
  if (input.pdfPath) {
    const content = await readFile(input.pdfPath)
    if (!content.subarray(0, 5).equals(Buffer.from('%PDF-')))
      return { ok: false as const, error: 'notPdf' as MeetingRefusal }
    try {
      const stored = await files.write(
        `meetings/${meetingId}`,
        'minnesanteckningar',
        'pdf',
        content
      )
      columns.minutes_pdf_path = stored.path
      columns.minutes_pdf_sha256 = stored.sha256
    } catch (error) {
      if (!(error instanceof StorageError)) throw error
      return {
        ok: false as const,
        error: 'minutesNotSaved' as MeetingRefusal,
        params: { reason: error.userMessage },
      }
    }
  }
  if (!columns.minutes && !columns.minutes_pdf_path && !meeting.minutes_pdf_path) {
    return { ok: false as const, error: 'minutesMissing' as MeetingRefusal }
  }
  const first = !meeting.minutes_published_at
  columns.minutes_published_at = meeting.minutes_published_at ?? new Date()
  try {
    await db.transaction(async (trx) => {
      await trx.from('meetings').where('id', meetingId).update(columns)
      await recordAudit(trx, {
        userId,
        action: 'update',
        entityType: 'meeting',
        entityId: `traff-${meetingId}`,
        summary: `Minnesanteckningar ${first ? 'publicerade' : 'ändrade'} för "${meeting.title}"`,
      })
    })
  } catch (error) {
    await files.discard()
    throw error
  }
  if (columns.minutes_pdf_path && meeting.minutes_pdf_path)
    await removeStoredFiles([meeting.minutes_pdf_path])
  if (first) {
    await notify(await inviteesOf(meeting), 'meeting', {
      key: 'meetingMinutes',
      params: { title: meeting.title },
      url: paths.meeting(meetingId),
    })
  }
  return { ok: true as const }
}
