/**
 * Send every approved extension order to the supplier as one e-mail with a CSV attachment
 * (one row per order), to the address in the setting `supplier_order_email`, and mark them
 * sent. The approved rows are locked while the mail goes out, so two coordinators sending
 * at once send each order once: the second finds nothing left to send.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { recordAudit } from '#services/audit'
import { mailEnabled } from '#services/mailer'
import { getSettings } from '#services/settings'
import { asText, toCsv } from '#services/csv_writer'
import { clock } from '#services/clock'
import { CSV_KIND_WORD, type ExtensionOrderKind } from '#domain/extension_orders'

export const SUPPLIER_CSV_HEADER = [
  'Beställning',
  'Typ av beställning',
  'Anknytning',
  'Organisation',
  'Ansvar',
  'Namn',
  'Typ',
  'Till organisation',
  'Till ansvar',
  'Önskat datum',
  'Kommentar',
]

export type SendRefusal = 'mailNotConfigured' | 'nothingToSend'

export async function sendExtensionOrders(
  userId: number
): Promise<{ ok: true; count: number; to: string } | { ok: false; error: SendRefusal }> {
  return db.transaction(async (trx) => {
    const settings = await getSettings(trx)
    const to = settings.supplier_order_email
    if (!mailEnabled() || !to) return { ok: false as const, error: 'mailNotConfigured' as const }
    const orders = await trx
      .from('extension_orders as x')
      .join('organisations as o', 'o.id', 'x.organisation_id')
      .leftJoin('organisations as t', 't.id', 'x.target_organisation_id')
      .where('x.status', 'godkand')
      .orderBy('x.id')
      .forUpdate('x')
      .select(
        'x.id',
        'x.kind',
        'x.number',
        'x.name',
        'x.type',
        'x.note',
        trx.raw(`to_char(x.wished_date, 'YYYY-MM-DD') AS wished_date`),
        'o.code',
        'o.cost_centre',
        't.code as target_code',
        't.cost_centre as target_cost_centre'
      )
    if (orders.length === 0) return { ok: false as const, error: 'nothingToSend' as const }
    const csv = toCsv(
      SUPPLIER_CSV_HEADER,
      orders.map((order) => [
        order.id,
        CSV_KIND_WORD[order.kind as ExtensionOrderKind],
        asText(order.number),
        order.code,
        asText(order.cost_centre),
        order.name ?? '',
        order.type ?? '',
        order.target_code ?? '',
        asText(order.target_cost_centre),
        order.wished_date,
        order.note,
      ])
    )
    const today = clock.today()
    await mail.send((message) => {
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
          filename: `bestallningar-${today}.csv`,
          contentType: 'text/csv; charset=utf-8',
        })
    })
    const ids = orders.map((order) => order.id as number)
    await trx
      .from('extension_orders')
      .whereIn('id', ids)
      .update({ status: 'skickad', sent_by: userId, sent_at: new Date() })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'extension_order',
      entityId: ids.length === 1 ? ids[0] : `${ids[0]}–${ids[ids.length - 1]}`,
      summary: `${ids.length} beställningar av anknytningar skickades till leverantören (${to}): ${ids.join(', ')}`,
    })
    return { ok: true as const, count: ids.length, to }
  })
}
