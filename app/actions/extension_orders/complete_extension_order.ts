/**
 * The coordinator marks a sent extension order done on the day the supplier performed it.
 * The register changes from that day as a single entry, by the register's own merge rule
 * (`mergeIntoRegister`, the snapshots' rule): the entry valid that day ends the day before
 * (or, begun that very day, is corrected in place) and the new one starts that day; history
 * stays, the change is audited, and the new entry names the order.
 *
 * Not before the day the order was placed or sent, nor in the future (`performedOnRefusal`).
 * History is not rewritten silently, as for snapshots: a day before a later snapshot of the
 * organisation (or the city), or before a later entry of the same number, is refused. A day
 * on or before an invoiced period's key date makes the change a late input (DOMAIN.md),
 * which the next allocation adjusts.
 *
 * The order row is locked first: two coordinators marking it done at once make one change;
 * the second is told it is already done.
 */
import { label } from '#services/labels'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { validOnSql } from '#queries/validity'
import { latePeriodsFor } from '#queries/month_end/staleness'
import { recordAudit } from '#services/audit'
import { noticeMoveDone, noticeOrderProgress } from '#actions/extension_orders/order_notices'
import { clock } from '#services/clock'
import { mergeIntoRegister, type RegisterRow } from '#actions/extensions/merge_into_register'
import { performedOnRefusal } from '#domain/extension_orders'

export type CompleteRefusal =
  | 'notFound'
  | 'alreadyDone'
  | 'wrongState'
  | 'performedInFuture'
  | 'beforeOrdered'
  | 'beforeSent'
  | 'laterSnapshot'
  | 'laterEntry'
  | 'numberTaken'
  | 'notOwnExtension'

export type CompleteResult =
  | { ok: true; latePeriods: string[] }
  | { ok: false; error: CompleteRefusal; params?: Record<string, string> }

async function refusal(
  trx: TransactionClientContract,
  order: Record<string, any>,
  day: string
): Promise<{ error: CompleteRefusal; params?: Record<string, string> } | null> {
  const organisations = [order.organisation_id, order.target_organisation_id].filter(Boolean)
  const snapshot = await trx
    .from('extension_snapshots')
    .where('as_of', '>', day)
    .where((q) => q.whereNull('organisation_id').orWhereIn('organisation_id', organisations))
    .select(trx.raw(`to_char(max(as_of), 'YYYY-MM-DD') AS latest`))
    .first()
  if (snapshot?.latest) return { error: 'laterSnapshot', params: { latest: snapshot.latest } }
  const later = await trx
    .from('extensions')
    .where('number', order.number)
    .where('valid_from', '>', day)
    .select(trx.raw(`to_char(min(valid_from), 'YYYY-MM-DD') AS first`))
    .first()
  if (later?.first) return { error: 'laterEntry', params: { date: later.first } }
  return null
}

export async function completeExtensionOrder(
  id: number,
  performedOn: string,
  userId: number
): Promise<CompleteResult> {
  return db.transaction(async (trx) => {
    const order = await trx
      .from('extension_orders')
      .where('id', id)
      .forUpdate()
      .select('*', trx.raw(`to_char(wished_date, 'YYYY-MM-DD') AS wished`))
      .first()
    if (!order) return { ok: false as const, error: 'notFound' as const }
    if (order.status === 'utford') return { ok: false as const, error: 'alreadyDone' as const }
    if (order.status !== 'skickad') return { ok: false as const, error: 'wrongState' as const }
    const early = performedOnRefusal(performedOn, {
      placedAt: order.created_at,
      sentAt: order.sent_at,
      today: clock.today(),
    })
    if (early) return { ok: false as const, ...early }
    const refused = await refusal(trx, order, performedOn)
    if (refused) return { ok: false as const, ...refused }

    const current = await trx
      .from('extensions as e')
      .where('e.number', order.number)
      .whereRaw(validOnSql('e', '?::date'), [performedOn, performedOn])
      .select('e.organisation_id', 'e.name', 'e.type')
      .first()
    let rows: RegisterRow[] = []
    if (order.kind === 'new') {
      if (current) return { ok: false as const, error: 'numberTaken' as const }
      rows = [
        {
          number: order.number,
          organisationId: order.organisation_id,
          name: order.name ?? '',
          type: order.type ?? '',
        },
      ]
    } else {
      if (!current || current.organisation_id !== order.organisation_id)
        return { ok: false as const, error: 'notOwnExtension' as const }
      if (order.kind === 'move' || order.kind === 'change') {
        rows = [
          {
            number: order.number,
            organisationId:
              order.kind === 'move' ? order.target_organisation_id : order.organisation_id,
            name: order.name ?? current.name,
            type: order.type ?? current.type,
          },
        ]
      }
    }
    await mergeIntoRegister(trx, rows, performedOn, { numbers: [order.number] })
    await trx
      .from('extensions')
      .where('number', order.number)
      .where('valid_from', performedOn)
      .whereNull('import_id')
      .update({ order_id: id })
    await trx.from('extension_orders').where('id', id).update({
      status: 'utford',
      performed_on: performedOn,
      done_by: userId,
      done_at: new Date(),
    })
    const latePeriods = await latePeriodsFor(trx, { extensionsAsOf: performedOn })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'extension_order',
      entityId: id,
      summary:
        `Beställning ${id} utförd ${performedOn}: anknytning ${order.number} (${label('extensionOrderKind', order.kind)}) ändrad i registret från ${performedOn}` +
        (latePeriods.length > 0 ? `; sen indata för ${latePeriods.join(', ')}` : ''),
    })
    await noticeOrderProgress(trx, order, 'extensionOrderDone', userId, { date: performedOn })
    if (order.kind === 'move' && order.target_organisation_id)
      await noticeMoveDone(trx, order, performedOn, userId)
    return { ok: true as const, latePeriods }
  })
}
