/**
 * What a governance meeting decided (docs/adr/0027): decisions, and action items with an
 * owner (an invitee or an office user with an account, or a named guest) and a due date.
 * An open item is shown on the later meetings of the same kind until it is marked done.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit } from '#services/audit'
import { possibleOwners } from '#queries/meetings/governance'
import { checkActionItemDueDate, type GovernanceRefusal } from '#domain/meetings'
import { stockholmDate } from '#domain/stockholm_time'
import { uninviteRemoved, upcomingInvitees } from '#actions/meetings/invitee_changes'

/**
 * The meeting, locked until the transaction ends so that a form sent twice (a double click)
 * is checked for its twin only after the first has been written; a cancelled meeting was
 * not held and takes no decisions or items.
 */
async function lockedHeldMeeting(trx: TransactionClientContract, meetingId: number) {
  const meeting = await trx.from('meetings').where('id', meetingId).forUpdate().firstOrFail()
  return meeting.cancelled_at ? null : meeting
}

export async function recordDecision(meetingId: number, text: string, userId: number) {
  return db.transaction(async (trx) => {
    const meeting = await lockedHeldMeeting(trx, meetingId)
    if (!meeting) return { ok: false as const, error: 'cancelled' as GovernanceRefusal }
    const twin = await trx
      .from('meeting_decisions')
      .where('meeting_id', meeting.id)
      .where('text', text)
      .first()
    if (twin) return { ok: false as const, error: 'decisionExists' as GovernanceRefusal }
    const [decision] = await trx
      .table('meeting_decisions')
      .insert({ meeting_id: meeting.id, text, created_by: userId })
      .returning('id')
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'meeting',
      entityId: `traff-${meeting.id}`,
      summary: `Beslut ${decision.id} i "${meeting.title}": ${text.slice(0, 200)}`,
    })
    return { ok: true as const }
  })
}

export interface ActionItemInput {
  text: string
  ownerId?: number | null
  ownerName?: string | null
  dueDate: string
}

export async function addActionItem(meetingId: number, input: ActionItemInput, userId: number) {
  const found = await db.from('meetings').where('id', meetingId).firstOrFail()
  const ownerName = input.ownerName?.trim() || null
  if (!input.ownerId && !ownerName)
    return { ok: false as const, error: 'ownerMissing' as GovernanceRefusal }
  if (input.ownerId) {
    const owners = await possibleOwners(found)
    if (!owners.some((owner) => Number(owner.id) === Number(input.ownerId)))
      return { ok: false as const, error: 'ownerNotInvited' as GovernanceRefusal }
  }
  const due = checkActionItemDueDate(
    input.dueDate,
    stockholmDate(new Date(found.starts_at).getTime())
  )
  if (!due.ok) return due
  return db.transaction(async (trx) => {
    const meeting = await lockedHeldMeeting(trx, meetingId)
    if (!meeting) return { ok: false as const, error: 'cancelled' as GovernanceRefusal }
    const values = {
      meeting_id: meeting.id,
      text: input.text,
      owner_id: input.ownerId || null,
      owner_name: input.ownerId ? null : ownerName,
      due_date: input.dueDate,
    }
    const twin = await trx.from('meeting_action_items').where(values).first()
    if (twin) return { ok: false as const, error: 'itemExists' as GovernanceRefusal }
    const [item] = await trx
      .table('meeting_action_items')
      .insert({ ...values, created_by: userId })
      .returning('id')
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'meeting',
      entityId: `traff-${meeting.id}`,
      summary: `Åtgärd ${item.id} i "${meeting.title}", klar senast ${input.dueDate}: ${input.text.slice(0, 200)}`,
    })
    return { ok: true as const }
  })
}

/** Mark an action item done (once; a second time is refused, the first stays). */
export async function completeActionItem(itemId: number, userId: number) {
  return db.transaction(async (trx) => {
    const item = await trx
      .from('meeting_action_items')
      .where('id', itemId)
      .forUpdate()
      .firstOrFail()
    if (item.done_at) return { ok: false as const, error: 'itemAlreadyDone' as GovernanceRefusal }
    await trx
      .from('meeting_action_items')
      .where('id', itemId)
      .update({ done_at: new Date(), done_by: userId })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'meeting',
      entityId: `traff-${item.meeting_id}`,
      summary: `Åtgärd ${item.id} klar: ${String(item.text).slice(0, 200)}`,
    })
    return { ok: true as const, meetingId: Number(item.meeting_id) }
  })
}

/**
 * "Skicka igen": the meeting's failed guest invitations are queued again (audited); not
 * those of a cancelled meeting, which invites nobody.
 */
export async function resendGuestInvitations(meetingId: number, userId: number) {
  return db.transaction(async (trx) => {
    if (!(await lockedHeldMeeting(trx, meetingId)))
      return { ok: false as const, error: 'cancelled' as GovernanceRefusal }
    const requeued = await trx
      .from('meeting_guests')
      .where('meeting_id', meetingId)
      .where('invitation_status', 'failed')
      .update({ invitation_status: 'pending', attempts: 0, last_error: null })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'meeting',
      entityId: `traff-${meetingId}`,
      summary: `${requeued} misslyckade gästinbjudningar köade igen`,
    })
    return { ok: true as const, count: Number(requeued) }
  })
}

/** The steering group becomes exactly these users (active ones; audited). */
export async function saveSteeringGroup(
  userIds: number[],
  byUserId: number
): Promise<{ ok: true } | { ok: false; unknown: number[] }> {
  return db.transaction(async (trx) => {
    const valid = await trx
      .from('users')
      .whereIn('id', userIds.length ? userIds : [0])
      .where('is_active', true)
      .select('id', 'full_name')
    const ids = valid.map((row) => Number(row.id))
    // an id that is no active user is refused, not silently dropped ("sparad" would be untrue)
    const unknown = [...new Set(userIds)].filter((id) => !ids.includes(id))
    if (unknown.length > 0) return { ok: false as const, unknown }
    // a member removed gets a cancellation of the upcoming steering-group meetings
    const before = await upcomingInvitees(trx)
    await trx
      .from('steering_group_members')
      .whereNotIn('user_id', ids.length ? ids : [0])
      .delete()
    if (ids.length > 0)
      await trx
        .table('steering_group_members')
        .multiInsert(ids.map((id) => ({ user_id: id, added_by: byUserId })))
        .onConflict('user_id')
        .ignore()
    await recordAudit(trx, {
      userId: byUserId,
      action: 'update',
      entityType: 'meeting',
      entityId: 'styrgrupp',
      summary: `Styrgruppen: ${valid.map((row) => row.full_name).join(', ') || 'inga ledamöter'}`,
    })
    await uninviteRemoved(trx, before)
    return { ok: true as const }
  })
}
