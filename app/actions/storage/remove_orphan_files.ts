/**
 * Files no row points at — what a process killed while issuing or importing leaves
 * behind — are removed once no open transaction could still commit them
 * (app/services/stored_file.ts). The worker runs this now and then.
 */
import db from '@adonisjs/lucid/services/db'
import { removeOrphanFiles } from '#services/stored_file'
import { storagePath } from '#services/storage'

/** Which of `paths` a column holds (compared as stored; uploads of older versions were absolute). */
function referencedIn(table: string, column: string, absoluteToo = false) {
  return async (paths: string[]) => {
    const found = new Set<string>()
    for (let start = 0; start < paths.length; start += 1000) {
      const chunk = paths.slice(start, start + 1000)
      const values = absoluteToo ? [...chunk, ...chunk.map((path) => storagePath(path))] : chunk
      const rows = await db.from(table).whereIn(column, values).select(column)
      for (const row of rows) {
        const path: string = row[column]
        found.add(path.startsWith('/') ? path.slice(storagePath().length + 1) : path)
      }
    }
    return found
  }
}

export async function removeOrphanDocuments() {
  return [
    ...(await removeOrphanFiles('invoices', referencedIn('invoices', 'pdf_path'))),
    ...(await removeOrphanFiles('meetings', referencedIn('meetings', 'minutes_pdf_path'))),
    ...(await removeOrphanFiles('uploads', referencedIn('imports', 'stored_file', true))),
    // an export batch has two files (CSV and SIE 4)
    ...(await removeOrphanFiles('exports', async (paths) => {
      const csv = await referencedIn('export_batches', 'csv_path')(paths)
      const sie = await referencedIn('export_batches', 'sie_path')(paths)
      return new Set([...csv, ...sie])
    })),
  ]
}
