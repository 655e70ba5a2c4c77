import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/**
 * The numbers of the credit notes that credit an invoice (wholly or in part), oldest first:
 * such an invoice is not sent again as a bill to pay (docs/adr/0025).
 */
export async function creditNotesOf(
  invoiceId: number,
  client: QueryClientContract = db.connection()
) {
  const rows = await client
    .from('invoices')
    .where('credits_invoice_id', invoiceId)
    .orderBy('number')
    .select('number')
  return rows.map((row) => String(row.number))
}

/**
 * The same rule in SQL for set-based reads: `<alias>` (a document_deliveries row) is not of a
 * credited invoice.
 */
export const NOT_CREDITED_SQL = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM invoices credit WHERE credit.credits_invoice_id = ${alias}.invoice_id)`
