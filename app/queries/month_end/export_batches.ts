/** Read model of the finance page: the export batches and what waits for the next one. */
import db from '@adonisjs/lucid/services/db'

export interface ExportBatchRow {
  number: number
  created_at: Date
  created_by_name: string | null
  verification_count: number
  first_number: string | null
  last_number: string | null
  has_files: boolean
}

/** Every batch, newest first, with who exported it and its first and last verification. */
export async function listExportBatches(): Promise<ExportBatchRow[]> {
  const rows = await db
    .from('export_batches as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .orderBy('b.number', 'desc')
    .select(
      'b.number',
      'b.created_at',
      'u.full_name as created_by_name',
      'b.verification_count',
      db.raw('(b.csv_path IS NOT NULL) AS has_files'),
      db.raw(`(SELECT i.number FROM exported_verifications e JOIN invoices i ON i.id = e.invoice_id
                WHERE e.batch_number = b.number ORDER BY i.year, i.sequence LIMIT 1) AS first_number`),
      db.raw(`(SELECT i.number FROM exported_verifications e JOIN invoices i ON i.id = e.invoice_id
                WHERE e.batch_number = b.number ORDER BY i.year DESC, i.sequence DESC LIMIT 1) AS last_number`)
    )
  return rows.map((row) => ({ ...row, number: Number(row.number) }))
}

/** Issued verifications not yet in any batch. */
export async function pendingVerifications() {
  const [{ count }] = await db
    .from('invoices as i')
    .whereNotExists((sub) =>
      sub.from('exported_verifications as e').whereRaw('e.invoice_id = i.id')
    )
    .count('* as count')
  return Number(count)
}
