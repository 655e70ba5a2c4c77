/**
 * Who hears of an extension order, and with which text (kind `extension_order`, each reader
 * chooses the delivery): the coordinators when orders are placed, the ordering contact when
 * an order is approved or rejected (with the coordinator's comment), sent and done, and the
 * contacts of the organisation a move gives the extension to when it is done (their cost
 * changes). Written in the caller's transaction, so an order never moves without its notice.
 * The person who acted is never told of their own step.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole, organisationContacts } from '#queries/notifications/recipients'
import { paths } from '#domain/paths'
import type { MessageKey } from '#domain/notifications'

const without = (ids: number[], actorId: number) => ids.filter((id) => id !== actorId)

/** New orders of one organisation: the coordinators are told (one notice per placement). */
export async function noticeOrdersPlaced(
  trx: TransactionClientContract,
  ids: number[],
  organisationId: number,
  firstNumber: string,
  actorId: number
) {
  const coordinators = await activeUsersOfRole('samordnare')
  const organisation = await trx
    .from('organisations')
    .where('id', organisationId)
    .select('name')
    .first()
  await notify(
    without(coordinators, actorId),
    'extension_order',
    {
      key: 'extensionOrderPlaced',
      params: {
        count: ids.length,
        id: ids[0],
        number: firstNumber,
        organisation: organisation?.name ?? '',
      },
      url: ids.length === 1 ? paths.extensionOrder(ids[0]) : paths.extensionOrders('ny'),
    },
    trx
  )
}

/**
 * The contact to tell about an order's progress: the one who ordered it, or — when the
 * coordinator ordered on the organisation's behalf — the organisation's contacts.
 */
async function orderingContacts(
  trx: TransactionClientContract,
  order: { ordered_by: number | null; organisation_id: number }
) {
  if (order.ordered_by) {
    const orderer = await trx.from('users').where('id', order.ordered_by).select('role').first()
    if (orderer?.role === 'telefoniansvarig') return [Number(order.ordered_by)]
  }
  return organisationContacts(order.organisation_id, trx)
}

type ProgressKey = Extract<
  MessageKey,
  | 'extensionOrderApproved'
  | 'extensionOrderRejected'
  | 'extensionOrderCancelled'
  | 'extensionOrderSent'
  | 'extensionOrderDone'
>

/** One step of an order: the ordering contact is told. */
export async function noticeOrderProgress(
  trx: TransactionClientContract,
  order: { id: number; number: string; ordered_by: number | null; organisation_id: number },
  key: ProgressKey,
  actorId: number,
  extra: Record<string, string> = {}
) {
  const comment = extra.comment ?? ''
  await notify(
    without(await orderingContacts(trx, order), actorId),
    'extension_order',
    {
      key,
      params: {
        id: order.id,
        number: order.number,
        ...extra,
        comment,
        hasComment: comment.trim() === '' ? 'no' : 'yes',
      },
      url: paths.extensionOrder(order.id),
    },
    trx
  )
}

/** A move is done: the contacts of the organisation it gives the extension to are told. */
export async function noticeMoveDone(
  trx: TransactionClientContract,
  order: { id: number; number: string; organisation_id: number; target_organisation_id: number },
  date: string,
  actorId: number
) {
  const names = await trx
    .from('organisations')
    .whereIn('id', [order.organisation_id, order.target_organisation_id])
    .select('id', 'name')
  const name = (id: number) => names.find((row) => Number(row.id) === Number(id))?.name ?? ''
  await notify(
    without(await organisationContacts(order.target_organisation_id, trx), actorId),
    'extension_order',
    {
      key: 'extensionOrderMovedIn',
      params: {
        id: order.id,
        number: order.number,
        from: name(order.organisation_id),
        organisation: name(order.target_organisation_id),
        date,
      },
      url: paths.extensionOrder(order.id),
    },
    trx
  )
}
