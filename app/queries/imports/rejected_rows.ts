import db from '@adonisjs/lucid/services/db'

/** The rows a partial import rejected, in file order, with their errors. */
export function rejectedRowsOf(importId: number) {
  return db.from('import_rejected_rows').where('import_id', importId).orderBy('line')
}
