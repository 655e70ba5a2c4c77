/**
 * The coordinator has sent the approved extension orders to the supplier by hand — the
 * downloaded CSV (`supplier_file`) by their own e-mail, the supplier's portal or on paper —
 * because the installation has no mail server or no supplier address (docs/adr/0033). The
 * orders listed on the page (`ids`) that are still approved become "Skickad", recorded
 * with who, when and how (`sent_via` 'hand'), and audited like the e-mail sending.
 *
 * The rows are locked first, so two clicks (or two coordinators) at once move each order
 * once: the second finds none of them approved any more and is told so. An order withdrawn
 * or sent in between is left as it is.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { noticeOrderProgress } from '#actions/extension_orders/order_notices'
import { nextStatus, type ExtensionOrderStatus } from '#domain/extension_orders'

export type MarkSentRefusal = 'nothingToMark' | 'notApproved'

export async function markExtensionOrdersSent(
  ids: number[],
  userId: number
): Promise<
  | { ok: true; count: number; skipped: number; notApproved: number }
  | { ok: false; error: MarkSentRefusal }
> {
  return db.transaction(async (trx) => {
    const rows = await trx
      .from('extension_orders')
      .whereIn('id', ids)
      .orderBy('id')
      .forUpdate()
      .select('id', 'status', 'number', 'ordered_by', 'organisation_id')
    const markedRows = rows.filter(
      (row) => nextStatus(row.status as ExtensionOrderStatus, 'send') === 'skickad'
    )
    const marked = markedRows.map((row) => Number(row.id))
    // a new order was never approved: not "no longer approved" (it still waits for a decision)
    const notApproved = rows.filter((row) => row.status === 'ny').length
    if (marked.length === 0)
      return {
        ok: false as const,
        error: notApproved > 0 ? ('notApproved' as const) : ('nothingToMark' as const),
      }
    await trx
      .from('extension_orders')
      .whereIn('id', marked)
      .update({ status: 'skickad', sent_by: userId, sent_at: new Date(), sent_via: 'hand' })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'extension_order',
      entityId: marked.length === 1 ? marked[0] : `${marked[0]}–${marked[marked.length - 1]}`,
      summary: `${marked.length} beställningar av anknytningar markerades som skickade till leverantören för hand: ${marked.join(', ')}`,
    })
    for (const row of markedRows) await noticeOrderProgress(trx, row, 'extensionOrderSent', userId)
    return {
      ok: true as const,
      count: marked.length,
      skipped: new Set(ids).size - marked.length - notApproved,
      notApproved,
    }
  })
}
