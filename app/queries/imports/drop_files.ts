/** The files the drop folder took (docs/adr/0028 §2), newest first, for the import history. */
import db from '@adonisjs/lucid/services/db'

export async function latestDropFiles(limit = 20) {
  const rows = await db
    .from('drop_files')
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'file_name', 'kind', 'outcome', 'import_id', 'moved_to', 'report', 'created_at')
  return rows.map((row) => ({
    id: Number(row.id),
    fileName: row.file_name as string,
    kind: row.kind as string | null,
    outcome: row.outcome as 'processed' | 'rejected',
    importId: row.import_id === null ? null : Number(row.import_id),
    movedTo: row.moved_to as string,
    report: row.report as string,
    createdAt: row.created_at as Date,
  }))
}

/** Which of these imports came from the drop folder (their "who" is the folder, not a person). */
export async function importsFromDropFolder(importIds: number[]) {
  if (importIds.length === 0) return new Set<number>()
  const rows = await db.from('drop_files').whereIn('import_id', importIds).select('import_id')
  return new Set(rows.map((row) => Number(row.import_id)))
}
