/**
 * Send every approved extension order to the supplier as one e-mail with a CSV attachment
 * (one row per order), to the address in the setting `supplier_order_email`, and mark them
 * sent (`sent_via` 'email'; without a mail server the coordinator sends the same file by
 * hand: `mark_extension_orders_sent`). The approved rows are locked while the mail goes out,
 * so two coordinators sending at once send each order once: the second finds nothing left.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { recordAudit } from '#services/audit'
import { noticeOrderProgress } from '#actions/extension_orders/order_notices'
import { clock } from '#services/clock'
import {
  approvedOrdersForSupplier,
  supplierFileCsv,
  supplierFileName,
  supplierMailAddress,
  type SupplierOrderRow,
} from '#queries/extension_orders/supplier_file'

export type SendRefusal = 'mailNotConfigured' | 'nothingToSend'

export async function sendExtensionOrders(
  userId: number
): Promise<{ ok: true; count: number; to: string } | { ok: false; error: SendRefusal }> {
  return db.transaction(async (trx) => {
    const to = await supplierMailAddress(trx)
    if (!to) return { ok: false as const, error: 'mailNotConfigured' as const }
    const orders = (await approvedOrdersForSupplier(trx).forUpdate('x')) as SupplierOrderRow[]
    if (orders.length === 0) return { ok: false as const, error: 'nothingToSend' as const }
    const csv = supplierFileCsv(orders)
    const today = clock.today()
    // the supplier answers the coordinator who sent the orders, not the no-reply sender
    const sender = await trx.from('users').where('id', userId).select('email').first()
    await mail.send((message) => {
      if (sender?.email) message.replyTo(String(sender.email))
      message
        .to(to)
        .subject(`Beställning av anknytningar från staden ${today} (${orders.length} st)`)
        .text(
          [
            `Hej!`,
            '',
            `Bifogat finns ${orders.length} beställningar av anknytningar (tillägg, flyttar, ändringar och borttag), en rad per beställning.`,
            'Svara med beställningens nummer och det datum ändringen utfördes.',
            '',
            'Samordnaren för den gemensamma växeln',
          ].join('\n')
        )
        .attachData(Buffer.from(csv, 'utf8'), {
          filename: supplierFileName(today),
          contentType: 'text/csv; charset=utf-8',
        })
    })
    const ids = orders.map((order) => order.id as number)
    await trx
      .from('extension_orders')
      .whereIn('id', ids)
      .update({ status: 'skickad', sent_by: userId, sent_at: new Date(), sent_via: 'email' })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'extension_order',
      entityId: ids.length === 1 ? ids[0] : `${ids[0]}–${ids[ids.length - 1]}`,
      summary: `${ids.length} beställningar av anknytningar skickades till leverantören (${to}): ${ids.join(', ')}`,
    })
    const notices = await trx
      .from('extension_orders')
      .whereIn('id', ids)
      .orderBy('id')
      .select('id', 'number', 'ordered_by', 'organisation_id')
    for (const order of notices) await noticeOrderProgress(trx, order, 'extensionOrderSent', userId)
    return { ok: true as const, count: ids.length, to }
  })
}
