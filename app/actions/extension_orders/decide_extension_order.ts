/**
 * The coordinator approves or rejects a new extension order (with a comment), or withdraws
 * (makulerar) one that is not yet done; a contact may withdraw their own organisation's
 * order while it is still new. The order row is locked, so two people acting at once
 * cannot both move it on.
 */
import { label } from '#services/labels'
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { noticeOrderProgress } from '#actions/extension_orders/order_notices'
import {
  contactMayCancel,
  nextStatus,
  type ExtensionOrderStatus,
  type ExtensionOrderStep,
} from '#domain/extension_orders'

export type DecisionRefusal = 'notFound' | 'wrongState' | 'commentRequired'

export async function decideExtensionOrder(
  id: number,
  step: Extract<ExtensionOrderStep, 'approve' | 'reject' | 'cancel'>,
  comment: string,
  actor: { id: number; organisationId: number | null; isContact: boolean }
): Promise<{ ok: true; status: ExtensionOrderStatus } | { ok: false; error: DecisionRefusal }> {
  return db.transaction(async (trx) => {
    const order = await trx.from('extension_orders').where('id', id).forUpdate().first()
    // another organisation's order does not exist for a contact
    if (!order || (actor.isContact && order.organisation_id !== actor.organisationId))
      return { ok: false as const, error: 'notFound' as const }
    if (actor.isContact && (step !== 'cancel' || !contactMayCancel(order.status)))
      return { ok: false as const, error: 'wrongState' as const }
    const status = nextStatus(order.status, step)
    if (!status) return { ok: false as const, error: 'wrongState' as const }
    if (step === 'reject' && comment.trim() === '')
      return { ok: false as const, error: 'commentRequired' as const }
    const now = new Date()
    await trx
      .from('extension_orders')
      .where('id', id)
      .update(
        step === 'cancel'
          ? { status, cancelled_by: actor.id, cancelled_at: now }
          : { status, decision_comment: comment, decided_by: actor.id, decided_at: now }
      )
    await recordAudit(trx, {
      userId: actor.id,
      action: 'update',
      entityType: 'extension_order',
      entityId: id,
      summary: `Beställning ${id} av anknytning ${order.number}: ${label('extensionOrderStatus', order.status)} → ${label('extensionOrderStatus', status)}${comment ? ` (${comment})` : ''}`,
    })
    // the ordering contact hears of each decision, and of a withdrawal they did not make
    const key = {
      approve: 'extensionOrderApproved',
      reject: 'extensionOrderRejected',
      cancel: 'extensionOrderCancelled',
    } as const
    await noticeOrderProgress(trx, order, key[step], actor.id, step === 'cancel' ? {} : { comment })
    return { ok: true as const, status }
  })
}
