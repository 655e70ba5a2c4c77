import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import { recordAudit } from '#services/audit'
import { notify } from '#actions/notifications/notify'

/** Publish the draft as the next version, with a change note. */
export async function publishRoutine(
  routineId: number,
  changeNote: string,
  significant: boolean,
  userId: number
) {
  return db.transaction(async (trx) => {
    const routine = await trx.from('routines').where('id', routineId).forUpdate().firstOrFail()
    const last = await trx
      .from('routine_versions')
      .where('routine_id', routineId)
      .max('version as version')
      .first()
    const version = Number(last?.version ?? 0) + 1
    await trx.table('routine_versions').insert({
      routine_id: routineId,
      version,
      title: routine.draft_title,
      body: routine.draft_body,
      change_note: changeNote,
      significant: version === 1 || significant,
      published_by: userId,
    })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'routine',
      entityId: `rutin-${routineId}`,
      summary: `Rutinen "${routine.draft_title}" publicerades som version ${version}${significant ? ' (väsentlig ändring)' : ''}: ${changeNote}`,
    })
    // every contact must confirm the first and each significant version: tell them
    if (routine.requires_acknowledgement && (version === 1 || significant)) {
      const contacts = await trx
        .from('users')
        .where('role', 'telefoniansvarig')
        .where('is_active', true)
        .select('id')
      await notify(
        contacts.map((contact) => Number(contact.id)),
        'routine',
        {
          key: 'routineToAcknowledge',
          params: { title: routine.draft_title, version },
          url: paths.routine(routineId),
        },
        trx
      )
    }
    return version
  })
}
