/**
 * The approved extension orders as the supplier receives them: one CSV row per order
 * (docs/adr/0033). The same file goes out by e-mail (`send_extension_orders`) and is
 * downloaded by the coordinator who sends it by hand (`mark_extension_orders_sent`), so
 * its columns and rows are written only here.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { toCsv } from '#services/csv_writer'
import { mailEnabled } from '#services/mailer'
import { getSettings } from '#services/settings'
import { CSV_KIND_WORD, ORDER_LIMITS, type ExtensionOrderKind } from '#domain/extension_orders'

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

/**
 * Where the orders go by e-mail: the setting `supplier_order_email`, or null when the
 * installation has no mail server or no address (then they are sent by hand).
 */
export async function supplierMailAddress(client: QueryClientContract = db.connection()) {
  if (!mailEnabled()) return null
  const settings = await getSettings(client)
  return settings.supplier_order_email || null
}

/** At most this many orders go into one file (the oldest first); the rest go in the next. */
export const SUPPLIER_FILE_MAX_ORDERS = ORDER_LIMITS.csvRows

export interface SupplierOrderRow {
  id: number
  kind: ExtensionOrderKind
  number: string
  name: string | null
  type: string | null
  note: string | null
  wished_date: string
  code: string
  cost_centre: string | null
  target_code: string | null
  target_cost_centre: string | null
}

/**
 * The approved orders (of `ids` only, when given: the ones the coordinator saw listed),
 * oldest first. Inside a transaction that changes them, add `.forUpdate('x')`.
 */
export function approvedOrdersForSupplier(
  client: QueryClientContract = db.connection(),
  ids?: number[]
) {
  const query = client
    .from('extension_orders as x')
    .join('organisations as o', 'o.id', 'x.organisation_id')
    .leftJoin('organisations as t', 't.id', 'x.target_organisation_id')
    .where('x.status', 'godkand')
    .orderBy('x.id')
    .select(
      'x.id',
      'x.kind',
      'x.number',
      'x.name',
      'x.type',
      'x.note',
      client.raw(`to_char(x.wished_date, 'YYYY-MM-DD') AS wished_date`),
      'o.code',
      'o.cost_centre',
      't.code as target_code',
      't.cost_centre as target_cost_centre'
    )
  if (ids) query.whereIn('x.id', ids)
  return query
}

/** The ids of the approved orders the next file holds, oldest first. */
export async function approvedOrderIds() {
  const rows = await db
    .from('extension_orders')
    .where('status', 'godkand')
    .orderBy('id')
    .limit(SUPPLIER_FILE_MAX_ORDERS)
    .select('id')
  return rows.map((row) => Number(row.id))
}

/**
 * The file is read by the supplier's system, not opened in Excel: numbers and cost centres
 * are plain values (`0850811400`), never Excel's `="…"` text trick, which a program reads as
 * garbage (docs/adr/0033). Free text still gets the formula guard of every CSV we write.
 */
export function supplierFileCsv(orders: SupplierOrderRow[]) {
  return toCsv(
    SUPPLIER_CSV_HEADER,
    orders.map((order) => [
      order.id,
      CSV_KIND_WORD[order.kind],
      order.number,
      order.code,
      order.cost_centre ?? '',
      order.name ?? '',
      order.type ?? '',
      order.target_code ?? '',
      order.target_cost_centre ?? '',
      order.wished_date,
      order.note,
    ])
  )
}

/** `bestallningar-2026-12-03.csv` */
export const supplierFileName = (today: string) => `bestallningar-${today}.csv`
